using OfaExp.Core.Config;

namespace OfaExp.Core.Tests;

/// <summary>
/// Inputs that used to hang, crash or exhaust memory are refused from the parser's event stream, naming the file and
/// line; each test bounds the memory its parse may allocate, so a regression fails instead of eating the machine.
/// </summary>
public class HostileYamlTests
{
    private static ConfigException Refused(string yaml, long maxAllocatedBytes)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ConfigException>(() => YamlConfigReader.ReadText(yaml, "hostile.yaml"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < maxAllocatedBytes, $"refusing took {allocated} bytes of allocations");
        return e;
    }

    [Fact]
    public void An_alias_bomb_is_refused_at_its_first_alias()
    {
        // Ten levels, each anchor referencing the previous nine times: ~10^9 nodes if expanded.
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 10; i++)
        {
            lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]");
        }

        var e = Refused(string.Join("\n", lines) + "\n", 5_000_000);
        Assert.Contains("hostile.yaml:1", e.Message, StringComparison.Ordinal);
        Assert.Contains("anchors (&name) are not supported", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_without_an_anchor_line_is_refused_too()
    {
        var e = Refused("seed: 1\nb: *nothing\n", 1_000_000);
        Assert.Contains("hostile.yaml:2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tags_are_refused()
    {
        var e = Refused("seed: !!int 1\n", 1_000_000);
        Assert.Contains("tags", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused_without_overflowing_the_stack()
    {
        var e = Refused("a: " + new string('[', 100_000) + "\n", 50_000_000);
        Assert.Contains("hostile.yaml:1", e.Message, StringComparison.Ordinal);
        Assert.Contains($"deeper than {YamlConfigReader.MaxDepth} levels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_files_still_read()
    {
        var map = YamlConfigReader.ReadText("seed: 1\nsupernet:\n  depths: [2, 3]\ndescription: \"quoted: text\"\nsweep:\n  zip:\n    - {seed: [1, 2]}\n", "ok.yaml");
        Assert.Equal(["seed", "supernet", "description", "sweep"], map.Entries.Select(e => e.Key));
    }
}
