using System.Diagnostics;
using System.Globalization;
using System.Text;
using OfaExp.Storage;
using Xunit.Abstractions;

namespace OfaExp.Cli.Tests;

/// <summary>
/// The bad-input corpus (BadInputCorpus/, described in its README, plus the inputs too large to commit, generated
/// here): each case, run by `plan` and by `sweep` in a sandbox that already holds a store, exits 2 with one
/// `error: ` paragraph naming the file and line, leaves the store's bytes and the rest of artifacts/ as they were,
/// and runs under a 256 MiB GC heap limit, so an input that makes the tool build something huge fails the test
/// with an out-of-memory crash instead of passing slowly. Wall times are written to the test output, not asserted
/// (tests never depend on timing); only a hang is a failure.
/// </summary>
[Trait("Category", Categories.Slow)]
public sealed class BadInputCorpusTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> MemoryLimit = new(StringComparer.Ordinal)
    {
        ["DOTNET_GCHeapHardLimit"] = "0x10000000",
    };

    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    /// <summary>The longest error paragraph expected: the first 50 problems, each cut at 2,000 characters, fit.</summary>
    private const int MaxErrorChars = 16 * 1024;

    private const string Tiny = Sandbox.Tiny;

    /// <summary>Cases whose input is too large to commit: name, experiment.yaml's text, expected substrings.</summary>
    private static readonly Dictionary<string, (Func<string> Text, string[] Expect)> Generated = new(StringComparer.Ordinal)
    {
        ["gen-long-scalar-line"] = (
            () => Tiny.Replace("seed: 0", "seed: " + new string('1', 1_000_000), StringComparison.Ordinal),
            ["experiment.yaml:1", "seed: expected an integer, got '1111", "(1000000 characters)"]),
        ["gen-long-explicit-key"] = (
            () => Tiny + "? " + new string('k', 1_000_000) + "\n: 1\n",
            ["experiment.yaml:18", "unknown key 'kkkk", "(cut: the message has"]),
        ["gen-long-pipeline-name"] = (
            () => Tiny.Replace("pipeline: [full]", "pipeline: [full, " + new string('k', 1_000_000) + "]", StringComparison.Ordinal),
            ["experiment.yaml:11", "phases.kkkk", "(cut: the message has"]),
        ["gen-file-over-size-cap"] = (
            () => Tiny + string.Concat(Enumerable.Repeat("# " + new string('x', 98) + "\n", 21_000)),
            ["experiment.yaml", "the file is larger than 1024 KiB"]),
        ["gen-deep-flow-nesting"] = (
            () => Tiny.Replace("seed: 0", "seed: " + new string('[', 10_000) + "0" + new string(']', 10_000), StringComparison.Ordinal),
            ["experiment.yaml:1", "nest deeper than 64 levels"]),
        ["gen-deep-unclosed-flow-nesting"] = (
            () => Tiny.Replace("seed: 0", "seed: " + new string('[', 10_000), StringComparison.Ordinal),
            ["experiment.yaml:1", "nest deeper than 64 levels"]),
        ["gen-deep-block-list-nesting"] = (
            () => Tiny.Replace("seed: 0", "seed:\n  " + string.Concat(Enumerable.Repeat("- ", 10_000)) + "0", StringComparison.Ordinal),
            ["experiment.yaml:2", "nest deeper than 64 levels"]),
        ["gen-deep-mapping-nesting"] = (
            () => Tiny.Replace("seed: 0", "seed:\n" + string.Concat(Enumerable.Range(1, 700).Select(i => new string(' ', 2 * i) + "a:\n")) + new string(' ', 1402) + "a: 0", StringComparison.Ordinal),
            ["experiment.yaml:65", "nest deeper than 64 levels"]),
        ["gen-huge-inline-sweep-list"] = (
            () => Tiny + "sweep:\n  seed: [" + string.Join(", ", Enumerable.Range(0, 120_000)) + "]\n  data.split_seed: [" + string.Join(", ", Enumerable.Range(0, 10)) + "]\n",
            ["experiment.yaml:19", "seed (120000 values) x data.split_seed (10) = 1200000 points", "at most 1000000"]),
    };

    public static TheoryData<string> Cases() => new(CaseNames());

    private static IEnumerable<string> CaseNames() =>
        Directory.GetDirectories(CorpusRoot).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal)
            .Concat(Generated.Keys.Order(StringComparer.Ordinal));

    private static string CorpusRoot => Path.Combine(Sandbox.RepoRoot(), "tests", "OfaExp.Cli.Tests", "BadInputCorpus");


    [Fact]
    public void The_corpus_has_the_cases_the_issue_asks_for()
    {
        var names = CaseNames().ToList();
        Assert.True(names.Count >= 30, string.Join(", ", names));
        foreach (var prefix in new[] { "yaml-", "alias-", "sweep-", "binary-", "utf16-", "utf8-", "empty-", "type-", "phase-", "range-", "key-", "override-", "gen-deep-", "gen-long-" })
        {
            Assert.Contains(names, n => n.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_exits_2_naming_file_and_line_and_leaves_the_store_alone(string name)
    {
        using var box = StoreWithOneRun();
        var (files, args, expect) = Load(name);
        foreach (var (file, bytes) in files)
        {
            var path = Path.Combine(box.Root, "experiments", "case", file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }

        var before = Artifacts(box);
        foreach (var command in new[] { "plan", "sweep" })
        {
            var clock = Stopwatch.StartNew();
            var (exit, stdout, err, hung) = Tool.RunGuarded(box.Root, MemoryLimit, HangGuard, [command, "experiments/case", .. args]);
            clock.Stop();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {command}: {clock.Elapsed.TotalSeconds:F2} s, exit {exit}, {err.Length} characters on stderr"));
            var context = $"{command} {name}: exit {exit}\n{Head(err)}";

            Assert.False(hung, $"still running after {HangGuard.TotalSeconds} s: {context}");
            Assert.True(exit == 2, context);
            Assert.StartsWith("error: ", err, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", err, StringComparison.Ordinal);
            Assert.True(err.Length < MaxErrorChars, $"{err.Length} characters on stderr: {context}");
            Assert.Equal("", stdout);
            Assert.Contains(Where(expect[0]), err, StringComparison.Ordinal);
            foreach (var fragment in expect.Skip(1))
            {
                Assert.Contains(fragment, err, StringComparison.Ordinal);
            }

            var after = Artifacts(box);
            Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
            foreach (var (path, bytes) in before)
            {
                Assert.True(bytes.AsSpan().SequenceEqual(after[path]), $"{command} {name} changed {path}");
            }
        }
    }

    /// <summary>A sandbox whose store holds one pending run, as after an earlier `plan` of another experiment.</summary>
    private static Sandbox StoreWithOneRun()
    {
        var box = new Sandbox();
        using var store = RunStore.Open(box.Db);
        store.EnsurePlanned([BadInputTests.Record(new string('c', 64))]);
        return box;
    }

    private static (Dictionary<string, byte[]> Files, string[] Args, string[] Expect) Load(string name)
    {
        if (Generated.TryGetValue(name, out var generated))
        {
            return (new() { ["experiment.yaml"] = Encoding.UTF8.GetBytes(generated.Text()) }, [], generated.Expect);
        }

        var dir = Path.Combine(CorpusRoot, name);
        var files = Directory.GetFiles(dir, "*.yaml").ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes, StringComparer.Ordinal);
        Assert.NotEmpty(files);
        var args = File.Exists(Path.Combine(dir, "args.txt")) ? File.ReadAllLines(Path.Combine(dir, "args.txt")).Where(l => l.Length > 0).ToArray() : [];
        var expect = File.ReadAllLines(Path.Combine(dir, "expect.txt")).Where(l => l.Length > 0).ToArray();
        Assert.NotEmpty(expect);
        return (files, args, expect);
    }

    /// <summary>
    /// What the message must contain for expect.txt's first line: a FILE:LINE location as the message writes it
    /// (the path below the sandbox, then ":line:column"), a bare FILE as its path, anything else as it is.
    /// </summary>
    private static string Where(string first)
    {
        var colon = first.LastIndexOf(':');
        if (colon > 0 && first[..colon].EndsWith(".yaml", StringComparison.Ordinal) && int.TryParse(first[(colon + 1)..], CultureInfo.InvariantCulture, out _))
        {
            return $"experiments/case/{first}:";
        }

        return first.EndsWith(".yaml", StringComparison.Ordinal) ? $"experiments/case/{first}" : first;
    }

    /// <summary>Every file under artifacts/ with its bytes (the store and anything else there).</summary>
    private static Dictionary<string, byte[]> Artifacts(Sandbox box)
    {
        var root = Path.Combine(box.Root, "artifacts");
        return Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes, StringComparer.Ordinal);
    }

    private static string Head(string text) => text.Length <= 2000 ? text : text[..2000] + "...";
}
