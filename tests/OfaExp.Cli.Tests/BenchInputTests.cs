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

    [Fact]
    public void Bench_data_takes_a_root_or_a_synthetic_set_and_names_a_root_that_is_no_image_folder()
    {
        using var box = new Sandbox();
        var both = box.Run("bench", "data", "--root", "photos", "--synthetic", "3");
        Assert.Equal(2, both.Exit);
        Assert.Contains("give one of them", both.Err, StringComparison.Ordinal);

        var missing = box.Run("bench", "data", "--root", "photos");
        Assert.Equal(2, missing.Exit);
        Assert.Contains(Path.Combine(box.Root, "photos", "train"), missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_data_keeps_a_synthetic_set_as_an_image_folder_that_it_then_reads_with_root()
    {
        using var box = new Sandbox();
        var kept = box.Run("bench", "data", "--synthetic", "3", "--keep", "set", "--resolution", "32", "--batch", "2", "--threads", "1");
        Assert.True(kept.Exit == 0, kept.Err);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(box.Root, "set", "train", "synthetic"), "*.jpg").Length);

        var read = box.Run("bench", "data", "--root", "set", "--resolution", "32", "--batch", "2", "--threads", "1");
        Assert.True(read.Exit == 0, read.Err);
        Assert.Contains("image_folder data: 3 images, the train images of", read.Out, StringComparison.Ordinal);
        Assert.Contains("images/s", read.Out, StringComparison.Ordinal);
    }
}
