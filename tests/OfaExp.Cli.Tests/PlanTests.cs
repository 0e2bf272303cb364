using OfaExp.Execution.Planning;
using System.Text.Json;
using Snapshooter.Xunit;

namespace OfaExp.Cli.Tests;

public sealed class PlanTests
{
    /// <summary>
    /// A stand-in for the dataset fingerprint, derived from the data settings alone, for every data set whether this
    /// machine has it or not: the pinned ids must be the same on a CI runner without Tiny ImageNet and on the GPU
    /// machine the paper presets are for. (The real fingerprint's place in the id is tested with the data sets.)
    /// </summary>
    internal static string StandInFingerprint(OfaExp.Core.Spec.DataSpec spec)
    {
        var text = FormattableString.Invariant($"absent:{spec.Dataset}:{spec.TrainSubset}:{spec.ValFraction:R}:{spec.SplitSeed}:{spec.Augment.RandomCropPadding}:{spec.Augment.HorizontalFlip}");
        return OfaExp.Core.Hashing.RunIdentity.Sha256Hex(text);
    }

    /// <summary>The search presets extend their training presets so that they search the very same supernet.</summary>
    [Theory]
    [InlineData("quickstart", "multilat")]
    [InlineData("ofa/paper", "multilat-paper")]
    public void Search_presets_share_every_run_of_their_training_preset(string training, string search)
    {
        var root = Path.Combine(Sandbox.RepoRoot(), "experiments");
        var trained = PlanBuilder.Build(Path.Combine(root, training), [], StandInFingerprint, torchBackend: Core.Spec.DeviceKind.Cuda).Runs.Select(r => r.Id);
        var searched = PlanBuilder.Build(Path.Combine(root, search), [], StandInFingerprint, torchBackend: Core.Spec.DeviceKind.Cuda).Runs.Select(r => r.Id).ToHashSet();

        Assert.All(trained, id => Assert.Contains(id, searched));
    }

    /// <summary>Pins the run ids of every committed experiment: an accidental identity change fails here.</summary>
    [Fact]
    public void Committed_experiment_plans_keep_their_run_ids()
    {
        var root = Path.Combine(Sandbox.RepoRoot(), "experiments");
        var plan = PlanBuilder.Build(root, [], StandInFingerprint, torchBackend: Core.Spec.DeviceKind.Cuda);
        var lines = plan.Runs.Select(r => $"{r.Id} {r.Experiment} {r.Phase} parent={r.ParentId ?? "-"} points={r.Points.Count}");
        Snapshot.Match(string.Join("\n", lines) + "\n");
    }

    [Fact]
    public void Every_committed_experiment_directory_plans()
    {
        var root = Path.Combine(Sandbox.RepoRoot(), "experiments");
        foreach (var dir in Directory.EnumerateFiles(root, "experiment.yaml", SearchOption.AllDirectories).Select(Path.GetDirectoryName))
        {
            var r = Tool.Run(Sandbox.RepoRoot(), "plan", dir!, "--db", Path.Combine(Path.GetTempPath(), "ofaexp-none-" + Guid.NewGuid().ToString("N") + ".db"));

            // A GPU preset (device.kind: cuda) in a CPU build is bad input, named, never a crash.
            if (r.Exit == 2 && PlanBuilder.TorchBackend == Core.Spec.DeviceKind.Cpu && r.Err.Contains("needs the CUDA build", StringComparison.Ordinal))
            {
                Assert.Contains("tools/setup.sh --cuda", r.Err, StringComparison.Ordinal);
                continue;
            }

            // A data set that is not installed here (Tiny ImageNet) is bad input, named, never a crash.
            if (r.Exit == 2 && r.Err.Contains("was not found", StringComparison.Ordinal))
            {
                Assert.Contains("Tiny ImageNet", r.Err, StringComparison.Ordinal);
                continue;
            }

            Assert.True(r.Exit == 0, $"plan {dir}: {r.Err}");
            Assert.Contains("to run", r.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Ids_are_the_same_in_a_new_process()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Sandbox.Tiny + "sweep:\n  seed: [0, 1, 2]\n");
        var inProcess = PlanBuilder.Build(Path.Combine(box.Root, "experiments", "e"), []).Runs.Select(r => r.Id).ToList();
        var r = box.Run("plan", "experiments/e", "--json");
        Assert.True(r.Exit == 0, r.Err);
        using var doc = JsonDocument.Parse(r.Out);
        var fromProcess = doc.RootElement.GetProperty("runs").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.Equal(inProcess, fromProcess);
        Assert.Equal(3, fromProcess.Distinct().Count());
    }

    [Fact]
    public void Plan_text_shows_ids_phase_parent_status_and_point()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Sandbox.Tiny + "sweep:\n  phases.full.lr: [0.05, 0.1]\n");
        var r = box.Run("plan", "experiments/e");
        Assert.True(r.Exit == 0, r.Err);
        Assert.Contains("experiment e (2 points, 2 runs: 0 done, 2 to run)", r.Out, StringComparison.Ordinal);
        Assert.Contains("pending  phases.full.lr=0.1", r.Out, StringComparison.Ordinal);
        Assert.Matches(@"\n  [0-9a-f]{12}  full   -       pending", r.Out);
        Assert.False(File.Exists(box.Db), "plan must not create the store");
    }

    [Fact]
    public void Plan_shows_the_teacher_of_distilling_runs_in_text_and_json()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Sandbox.Tiny.Replace("pipeline: [full]", "pipeline: [full, kernel]", StringComparison.Ordinal));
        var text = box.Run("plan", "experiments/e");
        Assert.True(text.Exit == 0, text.Err);
        Assert.Contains("RUN           PHASE   PARENT        TEACHER       STATUS", text.Out, StringComparison.Ordinal);
        var json = box.Run("plan", "experiments/e", "--json");
        Assert.True(json.Exit == 0, json.Err);
        using var doc = JsonDocument.Parse(json.Out);
        var runs = doc.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, runs[0].GetProperty("teacher").ValueKind);
        var full = runs[0].GetProperty("id").GetString()!;
        Assert.Equal(full, runs[1].GetProperty("teacher").GetString());
        Assert.Matches($@"\n  [0-9a-f]{{12}}  kernel  {full[..12]}  {full[..12]}  pending", text.Out);
    }
}
