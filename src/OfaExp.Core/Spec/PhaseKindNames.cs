namespace OfaExp.Core.Spec;

/// <summary>The YAML spelling of each <see cref="PhaseKind"/> (phases.&lt;name&gt;.kind).</summary>
public static class PhaseKindNames
{
    public static Spelling<PhaseKind> Spelling { get; } = new(kind => kind switch
    {
        PhaseKind.Full => "full",
        PhaseKind.Kernel => "kernel",
        PhaseKind.Level => "level",
        PhaseKind.Height => "height",
        PhaseKind.Depth => "depth",
        PhaseKind.Expand => "expand",
        PhaseKind.Import => "import",
        PhaseKind.AccuracyDataset => "accuracy_dataset",
        PhaseKind.Predictor => "predictor",
        PhaseKind.LatencyTable => "latency_table",
        PhaseKind.Search => "search",
    });
}
