using OfaExp.Core.Spec;

namespace OfaExp.Core.Costs;

/// <summary>
/// The fixed part of OFA's MobileNetV3 for one supernet spec and dataset: widths (base widths x width multiplier,
/// made divisible by 8), strides, activations and squeeze-excite placement. The elastic supernet, the static subnet
/// and the analytic cost model all read it, so they cannot disagree about the architecture.
/// </summary>
public sealed record MobileNetV3Layout(
    int InputChannels,
    int NumClasses,
    int StemWidth,
    int StemStride,
    int FirstBlockWidth,
    IReadOnlyList<int> StageWidths,
    IReadOnlyList<int> StageStrides,
    IReadOnlyList<ActivationKind> StageActivations,
    IReadOnlyList<bool> StageSe,
    int FinalExpandWidth,
    int LastChannel,
    int MaxDepth,
    double WidthMult,
    double Dropout,
    BatchNormSettings BatchNorm)
{
    /// <summary>Activation of blocks[0] (OFA's first stage entry): ReLU, no SE, expand 1, kernel 3.</summary>
    public const ActivationKind FirstBlockActivation = ActivationKind.Relu;

    private static readonly int[] BaseStageWidth = [16, 16, 24, 40, 80, 112, 160, 960, 1280];

    /// <summary>OFAv2's (6C, 8C) exit widths after each stage at width 1.0; the last pair is OFA's head (960, 1280).</summary>
    private static readonly (int Expand, int Mix)[] BaseExitWidths = [(144, 192), (240, 320), (480, 640), (672, 896), (960, 1280)];

    public static MobileNetV3Layout For(SupernetSpec spec, DatasetInfo data)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        if (spec.StageStrides.Count != 5)
        {
            throw new ArgumentException($"OFA MobileNetV3 has 5 elastic stages; got {spec.StageStrides.Count} stage strides.", nameof(spec));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spec.StemStride);
        int Width(int i) => Channels.MakeDivisible(BaseStageWidth[i] * spec.WidthMult);
        return new MobileNetV3Layout(
            data.Channels,
            data.NumClasses,
            Width(0),
            spec.StemStride,
            Width(1),
            [Width(2), Width(3), Width(4), Width(5), Width(6)],
            [.. spec.StageStrides],
            [ActivationKind.Relu, ActivationKind.Relu, ActivationKind.HSwish, ActivationKind.HSwish, ActivationKind.HSwish],
            [false, true, false, true, true],
            Width(7),
            Width(8),
            spec.MaxDepth,
            spec.WidthMult,
            spec.Dropout,
            new BatchNormSettings(spec.BnMomentum, spec.BnEps));
    }

    /// <summary>
    /// Widths (final expand, feature mix) of the head of exit <paramref name="exit"/> (1-based stage), scaled by the
    /// width multiplier as <see cref="FinalExpandWidth"/> and <see cref="LastChannel"/> are; exit 5 is exactly those.
    /// </summary>
    public (int Expand, int Mix) ExitWidths(int exit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(exit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exit, StageWidths.Count);
        if (exit == StageWidths.Count)
        {
            return (FinalExpandWidth, LastChannel);
        }

        var (expand, mix) = BaseExitWidths[exit - 1];
        return (Channels.MakeDivisible(expand * WidthMult), Channels.MakeDivisible(mix * WidthMult));
    }

    /// <summary>Input width of block <paramref name="index"/> (0-based) of stage <paramref name="stage"/>.</summary>
    public int BlockInput(int stage, int index) => index > 0 ? StageWidths[stage] : stage == 0 ? FirstBlockWidth : StageWidths[stage - 1];

    public int BlockStride(int stage, int index) => index == 0 ? StageStrides[stage] : 1;

    /// <summary>OFA's shortcut rule: identity when the block keeps the shape.</summary>
    public bool HasShortcut(int stage, int index) => BlockStride(stage, index) == 1 && BlockInput(stage, index) == StageWidths[stage];
}
