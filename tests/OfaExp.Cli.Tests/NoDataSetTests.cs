namespace OfaExp.Cli.Tests;

/// <summary>
/// Recorded runs can be tabulated, planned and reported where their data set is not installed (an archived store on a
/// laptop): sweeps record each data setting's fingerprint in the store. Training still needs the data, and says so
/// before anything runs.
/// </summary>
public sealed class NoDataSetTests
{
    private const string Table = """
        tables:
          summary:
            rows: [phase, seed]
            values:
              val_top1: {expr: last(val_top1), format: F2}

        """;

    [Fact]
    public void Tables_plans_and_reports_of_recorded_runs_work_after_the_data_set_is_gone_and_training_refuses_up_front()
    {
        using var box = new Sandbox();
        var data = Path.Combine(box.Root, "fashion-mnist");
        Directory.CreateDirectory(data);
        foreach (var file in Directory.GetFiles("/usr/share/datasets/fashion-mnist", "*.gz"))
        {
            File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        }

        box.Write("experiments/e/experiment.yaml", Sandbox.Tiny.Replace("data:\n", $"data:\n  root: {data}\n", StringComparison.Ordinal) + Table);
        var sweep = box.Run("sweep", "experiments/e");
        Assert.True(sweep.Exit == 0, sweep.Err);
        var csv = Path.Combine(box.Root, "artifacts", "tables", "e", "summary.csv");
        var bytes = File.ReadAllBytes(csv);

        Directory.Delete(data, recursive: true);
        File.Delete(csv);

        var tables = box.Run("tables", "experiments/e");
        Assert.True(tables.Exit == 0, tables.Err);
        Assert.Equal(bytes, File.ReadAllBytes(csv));
        var plan = box.Run("plan", "experiments/e");
        Assert.True(plan.Exit == 0, plan.Err);
        Assert.Contains("1 done, 0 to run", plan.Out, StringComparison.Ordinal);
        var report = box.Run("report", "experiments/e");
        Assert.True(report.Exit == 0, report.Err);
        Assert.Contains("<span class=\"status done\">1 done</span>", File.ReadAllText(Path.Combine(box.Root, "artifacts", "report", "e", "index.html")), StringComparison.Ordinal);

        // Without a store that recorded the fingerprint, and for training, the data set is required: exit 2, naming it.
        var elsewhere = box.Run("plan", "experiments/e", "--db", Path.Combine(box.Root, "other.db"));
        Assert.Equal(2, elsewhere.Exit);
        Assert.Contains(data, elsewhere.Err, StringComparison.Ordinal);
        var retrain = box.Run("sweep", "experiments/e", "seed=1");
        Assert.Equal(2, retrain.Exit);
        Assert.Contains(data, retrain.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch 1/1", retrain.Err, StringComparison.Ordinal);
    }
}
