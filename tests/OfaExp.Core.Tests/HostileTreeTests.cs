using System.Diagnostics;
using OfaExp.Core.Errors;
using OfaExp.Core.Planning;

namespace OfaExp.Core.Tests;

/// <summary>
/// Experiment trees that used to repeat, hang or hide experiments: symbolic-link loops, a FIFO named
/// experiment.yaml, names that are not UTF-8. The walk visits each real directory once, so a loop cannot grow it.
/// </summary>
public sealed class HostileTreeTests
{
    private const string Experiment = "description: x\npipeline: [full]\n";

    [Fact]
    public void Symbolic_link_loops_list_each_experiment_once()
    {
        using var tree = new TempTree();
        tree.Write("top/a/experiment.yaml", Experiment);
        tree.Write("top/b/experiment.yaml", Experiment);
        Directory.CreateSymbolicLink(tree.Dir("top/a/up"), tree.Dir("top"));
        Directory.CreateSymbolicLink(tree.Dir("top/b/again"), tree.Dir("top/b"));

        var sources = ExperimentTree.Discover(tree.Dir("top"));

        Assert.Equal(2, sources.Count);
        Assert.Equal(2, sources.Select(s => s.Name).Distinct().Count());
    }

    [Fact]
    public async Task A_fifo_named_experiment_yaml_is_refused_without_reading_it()
    {
        using var tree = new TempTree();
        Directory.CreateDirectory(tree.Dir("top/e"));
        var fifo = tree.Dir("top/e/experiment.yaml");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]))!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // Reading a FIFO blocks until a writer appears; the guard only keeps a regression from hanging the suite.
        var discover = Task.Run(() => ExperimentTree.Discover(tree.Dir("top")));
        var finished = await Task.WhenAny(discover, Task.Delay(TimeSpan.FromMinutes(1)));
        Assert.True(finished == discover, "discovery blocked on the FIFO");
        var e = await Assert.ThrowsAsync<OfaExpException>(() => discover);
        Assert.Contains(fifo + " is not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_name_that_is_not_utf8_is_reported()
    {
        using var tree = new TempTree();
        tree.Write("top/ok/experiment.yaml", Experiment);
        // "b\xe9b\xe9": Latin-1 bytes, invalid as UTF-8.
        using (var mkdir = Process.Start(new ProcessStartInfo("bash", ["-c", $"mkdir \"$(printf '{tree.Dir("top")}/b\\351b\\351')\""]))!)
        {
            mkdir.WaitForExit();
            Assert.Equal(0, mkdir.ExitCode);
        }

        try
        {
            var e = Assert.Throws<OfaExpException>(() => ExperimentTree.Discover(tree.Dir("top")));
            Assert.Contains("not valid UTF-8", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            // .NET cannot name the directory to delete it; the shell can.
            using var rm = Process.Start(new ProcessStartInfo("rm", ["-rf", tree.Dir("top")]))!;
            rm.WaitForExit();
        }
    }
}
