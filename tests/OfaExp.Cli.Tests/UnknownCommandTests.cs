namespace OfaExp.Cli.Tests;

/// <summary>A mistyped command gets one line naming it and the nearest command, like a mistyped config key.</summary>
public sealed class UnknownCommandTests
{
    [Theory]
    [InlineData(new[] { "swep", "experiments/quickstart" }, "error: unknown command 'swep'; did you mean 'sweep'? See 'ofaexp --help'.\n")]
    [InlineData(new[] { "bench", "strore" }, "error: unknown command 'bench strore'; did you mean 'bench store'? See 'ofaexp bench --help'.\n")]
    [InlineData(new[] { "frobnicate" }, "error: unknown command 'frobnicate'. See 'ofaexp --help'.\n")]
    public void Names_the_command_and_suggests_the_nearest_once(string[] args, string expected)
    {
        using var box = new Sandbox();
        var (exit, stdout, err) = box.Run(args);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal(expected, err);
    }
}
