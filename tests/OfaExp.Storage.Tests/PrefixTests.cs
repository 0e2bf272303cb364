using OfaExp.Core.Errors;

namespace OfaExp.Storage.Tests;

public sealed class PrefixTests : IDisposable
{
    private static readonly string First = "abcd1" + TestRuns.Id("first")[5..];
    private static readonly string Second = "abcd2" + TestRuns.Id("second")[5..];
    private static readonly string Third = "f00d" + TestRuns.Id("third")[4..];

    private readonly TempDirectory _dir = new();
    private readonly RunStore _store;

    public PrefixTests()
    {
        _store = TestRuns.OpenStore(_dir, new ManualClock(TestRuns.Start));
        _store.EnsurePlanned([
            TestRuns.Planned(First, "kd/dkd", "full"),
            TestRuns.Planned(Second, "kd/vanilla", "kernel"),
            TestRuns.Planned(Third)]);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("abcd1")]
    [InlineData("ABCD1")]
    [InlineData(" abcd1 ")]
    public void A_unique_prefix_resolves_to_the_full_id(string prefix) =>
        Assert.Equal(First, _store.ResolvePrefix(prefix));

    [Fact]
    public void A_four_character_prefix_and_a_full_id_resolve()
    {
        Assert.Equal(Third, _store.ResolvePrefix("f00d"));
        Assert.Equal(Second, _store.ResolvePrefix(Second));
    }

    [Fact]
    public void An_unknown_prefix_is_bad_input_naming_the_prefix()
    {
        var error = Assert.Throws<OfaExpException>(() => _store.ResolvePrefix("abce"));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("No run id starts with 'abce'", error.Message);
    }

    [Fact]
    public void An_ambiguous_prefix_lists_the_candidates_and_asks_for_more_characters()
    {
        var error = Assert.Throws<OfaExpException>(() => _store.ResolvePrefix("abcd"));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains($"{First[..12]} (kd/dkd, full)", error.Message);
        Assert.Contains($"{Second[..12]} (kd/vanilla, kernel)", error.Message);
        Assert.DoesNotContain(Third[..12], error.Message);
        Assert.Contains("Give more characters", error.Message);
    }

    [Theory]
    [InlineData("abcz", "hexadecimal")]
    [InlineData("", "hexadecimal")]
    [InlineData("abc", "too short")]
    public void Input_that_cannot_be_an_id_prefix_is_explained(string prefix, string explanation)
    {
        var error = Assert.Throws<OfaExpException>(() => _store.ResolvePrefix(prefix));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains(explanation, error.Message);
    }

    [Fact]
    public void A_prefix_longer_than_an_id_is_explained()
    {
        var error = Assert.Throws<OfaExpException>(() => _store.ResolvePrefix(First + "0"));

        Assert.Contains("up to 64 characters", error.Message);
    }
}
