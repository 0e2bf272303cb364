namespace OfaExp.Cli.Tests;

/// <summary>The benchmarks' number options are parsed like every other command's: bad input is exit 2, not a crash.</summary>
public sealed class BenchInputTests
{
    [Theory]
    [InlineData("store", "--rows", "abc")]
    [InlineData("plan", "--points", "-5")]
    [InlineData("search", "--n2", "1.5")]
    [InlineData("search", "--targets", "0")]
    [InlineData("search", "--threads", "many")]
    [InlineData("train", "--steps", "x")]
    [InlineData("train", "--warmup", "-1")]
    [InlineData("train", "--threads", "0")]
    [InlineData("data", "--synthetic", "lots")]
    [InlineData("data", "--threads", "0")]
    public void A_number_option_that_is_not_a_whole_number_in_range_is_bad_input(string bench, string option, string value)
    {
        using var box = new Sandbox();
        var (exit, _, err) = box.Run("bench", bench, option, value);

        Assert.Equal(2, exit);
        Assert.StartsWith($"error: {option} '{value}' ", err, StringComparison.Ordinal);
        Assert.Contains("whole number", err, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", err, StringComparison.Ordinal);
    }
}
