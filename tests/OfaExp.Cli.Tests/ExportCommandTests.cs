using OfaExp.Core.Runs;
using OfaExp.Storage;

namespace OfaExp.Cli.Tests;

/// <summary>
/// `ofaexp export` on a tiny trained supernet: ONNX and PyTorch files written and recorded with the run (listed by
/// show), a repeated export recognised, and every bad input refused with exit 2 naming the value, nothing written.
/// </summary>
public sealed class ExportCommandTests
{
    [Fact]
    public void Exports_are_written_recorded_and_listed_and_bad_input_writes_nothing()
    {
        using var box = new Sandbox();
        // An accuracy data set after the supernet: a done run that is not a supernet.
        box.Write(
            "experiments/e/experiment.yaml",
            Sandbox.Tiny.Replace("pipeline: [full]", "pipeline: [full, accuracy_dataset]", StringComparison.Ordinal)
                + "eval:\n  recal_images: 64\n  recal_batch_size: 32\n  test_subset: 64\naccuracy_dataset:\n  samples: 10\n");
        Assert.Equal(0, box.Run("sweep", "experiments/e").Exit);
        string runId, dataSetId;
        using (var store = RunStore.Open(box.Db))
        {
            runId = store.All().Single(r => r.Phase == "full").Id;
            dataSetId = store.All().Single(r => r.Phase == "accuracy_dataset").Id;
        }

        // Sandbox.Tiny's space: 5 stages of up to 2 blocks, kernels 3/5/7, expand ratios 3/4/6 (the defaults), 28 px.
        static string Slots(int value) => string.Join(",", Enumerable.Repeat(value, 10));
        var max = $"r28-d2,2,2,2,2-k{Slots(7)}-e{Slots(6)}";
        var min = $"r28-d1,1,1,1,1-k{Slots(3)}-e{Slots(3)}";

        Directory.CreateDirectory(Path.Combine(box.Root, "out"));
        var onnx = box.Run("export", runId[..8], "--subnet", max, "--format", "onnx", "--fold-bn", "--out", "out/max.onnx", "--experiments", "experiments/e");
        Assert.True(onnx.Exit == 0, onnx.Err);
        Assert.Contains("recorded with the run as an export artifact", onnx.Out, StringComparison.Ordinal);
        var torch = box.Run("export", runId[..8], "--subnet", min, "--format", "pytorch", "--out", "out/min.pt", "--experiments", "experiments/e");
        Assert.True(torch.Exit == 0, torch.Err);
        Assert.Equal("PK"u8.ToArray(), File.ReadAllBytes(Path.Combine(box.Root, "out", "min.pt"))[..2]);
        var again = box.Run("export", runId[..8], "--subnet", min, "--format", "pytorch", "--out", "out/min-again.pt", "--experiments", "experiments/e");
        Assert.Contains("already recorded with the run", again.Out, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Path.Combine(box.Root, "out", "min.pt")), File.ReadAllBytes(Path.Combine(box.Root, "out", "min-again.pt")));

        using (var store = RunStore.Open(box.Db))
        {
            var exports = store.Artifacts(runId).Where(a => a.Kind == ArtifactRecord.ExportKind).ToList();
            Assert.Equal(2, exports.Count);
            Assert.Equal(new ArtifactExport("onnx-folded-bn", max, 28), exports[0].Export);
            Assert.Equal(new ArtifactExport("pytorch", min, 28), exports[1].Export);
        }

        var show = box.Run("show", runId[..8]);
        Assert.Contains("export (onnx-folded-bn)", show.Out, StringComparison.Ordinal);
        Assert.Contains("subnet " + min, show.Out, StringComparison.Ordinal);

        var outside = max.Replace("-k7,", "-k9,", StringComparison.Ordinal);
        var refusals = new (string[] Args, string Message)[]
        {
            (["--subnet", outside, "--format", "onnx", "--out", "out/x.onnx"], $"Subnet {outside} is not in the space"),
            (["--subnet", max, "--resolution", "32", "--format", "onnx", "--out", "out/x.onnx"], "Resolution 32 was not trained"),
            (["--subnet", "r28-nonsense", "--format", "onnx", "--out", "out/x.onnx"], "--subnet 'r28-nonsense' is not an architecture string"),
            (["--subnet", max, "--format", "onnx", "--out", "missing/x.onnx"], "missing does not exist"),
            (["--subnet", max, "--format", "onnx", "--out", "out"], "--out out is a directory"),
            (["--subnet", max, "--format", "onnx", "--out", "/proc/x.onnx"], "--out /proc/x.onnx: cannot write in /proc"),
            (["--subnet", max, "--format", "tflite", "--out", "out/x.onnx"], "--format 'tflite' is not an export format"),
            (["--subnet", max, "--format", "pytorch", "--fold-bn", "--out", "out/x.pt"], "--fold-bn applies to --format onnx only"),
            (["--target", "3MFLOPs", "--format", "onnx", "--out", "out/x.onnx"], "No done search run of"),
            (["--format", "onnx", "--out", "out/x.onnx"], "Give exactly one of --subnet"),
        };
        foreach (var (args, message) in refusals)
        {
            var (exit, _, err) = box.Run(["export", runId[..8], .. args, "--experiments", "experiments/e"]);
            Assert.True(exit == 2, $"{string.Join(' ', args)}: exit {exit}, {err}");
            Assert.Contains(message, err, StringComparison.Ordinal);
        }

        var notSupernet = box.Run("export", dataSetId[..8], "--subnet", max, "--format", "onnx", "--out", "out/x.onnx", "--experiments", "experiments/e");
        Assert.Equal(2, notSupernet.Exit);
        Assert.Contains("is not a supernet run (its phase kind is accuracy_dataset)", notSupernet.Err, StringComparison.Ordinal);

        Assert.Equal(["max.onnx", "min-again.pt", "min.pt"], Directory.GetFiles(Path.Combine(box.Root, "out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
