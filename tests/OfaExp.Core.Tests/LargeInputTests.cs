using System.Text;
using OfaExp.Core.Config;
using OfaExp.Core.Planning;

namespace OfaExp.Core.Tests;

/// <summary>
/// Files far larger than any real experiment: validation stays linear in the number of keys, the message stays one
/// screen, and a file past the size cap is refused without being read. Each test bounds what it may allocate, so a
/// quadratic or unbounded regression fails instead of eating the machine.
/// </summary>
public sealed class LargeInputTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static ConfigException LoadFails(ExperimentSource source, long maxAllocatedBytes)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ConfigException>(() => ExperimentTree.Load(source, []));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < maxAllocatedBytes, $"validation allocated {allocated:N0} bytes");
        return e;
    }

    private ExperimentSource Experiment(string text)
    {
        _tree.Write("defaults.yaml", "seed: 0\n");
        _tree.Write("big/experiment.yaml", text);
        return Assert.Single(ExperimentTree.Discover(_tree.Dir("big")));
    }

    [Fact]
    public void Forty_thousand_unknown_keys_are_reported_in_linear_work_fifty_listed_and_the_rest_counted()
    {
        var text = new StringBuilder("pipeline: [full]\n");
        for (var i = 0; i < 40_000; i++)
        {
            text.Append("unknown_key_").Append(i).Append(": ").Append(i).Append('\n');
        }

        // Linear work is about 2 KB a key (the YAML tree, the merged tree and a diagnostic); suggesting a
        // near-miss for every key, as before the cap, allocated about 25 times that.
        var e = LoadFails(Experiment(text.ToString()), 200_000_000);

        Assert.Equal(40_000, e.Diagnostics.Count);
        var lines = e.Message.Split('\n');
        Assert.True(lines.Length <= ConfigException.MaxListed + 3, $"{lines.Length} lines");
        Assert.Contains("... and 39950 more problems, not listed", e.Message, StringComparison.Ordinal);
        Assert.Contains("experiment.yaml:2:1: unknown key 'unknown_key_0'.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_size_cap_is_refused_after_reading_no_more_than_the_cap()
    {
        var path = _tree.Write("big/experiment.yaml", "description: \"" + new string('x', 50_000_000) + "\"\n");
        var before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<ConfigException>(() => YamlConfigReader.ReadFile(path));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 * YamlConfigReader.MaxFileBytes);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("larger than 1024 KiB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_refused_naming_it()
    {
        var path = Path.Combine(_tree.Root, "latin1.yaml");
        File.WriteAllBytes(path, [.. "description: caf"u8, 0xE9, (byte)'\n']);

        var e = Assert.Throws<ConfigException>(() => YamlConfigReader.ReadFile(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("not UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Thousands_of_phases_are_refused_before_their_keys_are_expanded()
    {
        var text = new StringBuilder("pipeline: [full]\nphases:\n");
        for (var i = 0; i < 5_000; i++)
        {
            text.Append("  p").Append(i).Append(": {kind: kernel}\n");
        }

        var e = LoadFails(Experiment(text.ToString()), 100_000_000);

        Assert.Contains($"5001 phases are named (pipeline and phases together); an experiment may have at most {ConfigResolver.MaxPhases}", e.Message, StringComparison.Ordinal);
    }
}
