namespace OfaExp.Cli.Tests;

/// <summary>An import run is identified by the checkpoint's content, not its path, and a missing file fails planning.</summary>
public sealed class ImportPlanTests
{
    private const string Importing = """
        supernet:
          width_mult: 0.25
          resolutions: [28]
        pipeline: [import, accuracy_dataset]
        import:
          checkpoint: weights.pth

        """;

    private static string ImportId(Sandbox box)
    {
        var (exit, output, err) = box.Run(["plan", "experiments/e"]);
        Assert.True(exit == 0, err);
        return output.Split('\n').First(l => l.Contains(" import ", StringComparison.Ordinal)).Trim().Split(' ')[0];
    }

    [Fact]
    public void The_id_follows_the_checkpoint_content()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Importing);
        box.Write("experiments/e/weights.pth", "first weights");
        var first = ImportId(box);

        box.Write("experiments/e/experiment.yaml", Importing.Replace("weights.pth", "renamed.pth", StringComparison.Ordinal));
        box.Write("experiments/e/renamed.pth", "first weights");
        Assert.Equal(first, ImportId(box));

        box.Write("experiments/e/renamed.pth", "other weights");
        Assert.NotEqual(first, ImportId(box));
    }

    [Fact]
    public void A_missing_checkpoint_is_bad_input_naming_it()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Importing);
        var (exit, _, err) = box.Run(["plan", "experiments/e"]);

        Assert.Equal(2, exit);
        Assert.Contains("weights.pth' does not exist", err, StringComparison.Ordinal);
    }
}
