using OfaExp.Core.Figures;
using OfaExp.Reports.Figures;

namespace OfaExp.Figures.Tests;

/// <summary>
/// Small figure data built in code, one per kind, with numbers exact in binary (multiples of 0.25) so every
/// platform lays them out the same.
/// </summary>
internal static class FigureSamples
{
    public static FigureData Bars { get; } = new(
        "kd_best_final",
        FigureKind.Bars,
        "Best subnet top-1 per KD loss and teacher selection",
        "kd.loss",
        "top-1 (%), mean over seeds",
        ["ens", "logits", "none"],
        [
            new("extracted", [new(0, 84.5, 84, 85, 2), new(1, 83.75, 83.5, 84, 2), new(2, 82, 81.5, 82.5, 2)], []),
            new("fixed", [new(0, 84, 83.25, 84.75, 2), new(1, 83.5, 83, 84, 2), new(2, 82, 81.75, 82.25, 2)], []),
        ],
        [],
        FigureErrorKind.Std);

    public static FigureData Scatter { get; } = new(
        "found_subnets_pareto",
        FigureKind.Scatter,
        "Found subnets per strategy",
        "MFLOPs",
        "top-1 (%)",
        [],
        [
            new("bottom_up", [new(2.25, 84.5), new(2.75, 85.25), new(3.5, 85), new(4, 85.5)], [new(2.25, 84.5), new(2.75, 85.25), new(4, 85.5)]),
            new("independent", [new(2.25, 84.25), new(3, 85), new(4.5, 85.75)], [new(2.25, 84.25), new(3, 85), new(4.5, 85.75)]),
        ],
        [],
        FigureErrorKind.None);

    public static FigureData Lines { get; } = new(
        "learning_curve",
        FigureKind.Lines,
        "Validation top-1 over the pipeline",
        "epoch (phases end to end)",
        "top-1 (%)",
        [],
        [new("", [new(1, 82), new(2, 84.5), new(3, 87.75), new(4, 88.5), new(5, 85.25), new(6, 86.25), new(7, 86)], [])],
        [new(0.5, "full"), new(4.5, "kernel"), new(5.5, "depth1"), new(6.5, "expand1")],
        FigureErrorKind.None);

    public static FigureData Empty { get; } = new(
        "nothing_yet", FigureKind.Bars, "nothing yet", "phase", "top1", [], [], [], FigureErrorKind.None);
}
