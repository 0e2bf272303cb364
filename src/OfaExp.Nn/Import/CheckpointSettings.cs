namespace OfaExp.Nn.Import;

/// <summary>
/// The supernet settings a reference OFAMobileNetV3 checkpoint fixes, read from its tensor shapes
/// (<see cref="OfaCheckpointImporter.Describe"/>). What the weights cannot tell is left out or partial: strides and
/// resolutions are not stored at all; of the expand ratios and depths only the largest are (the smaller ones are
/// slices, a training choice); the kernel list is known from the transform matrices ("7to5_matrix", "5to3_matrix").
/// </summary>
/// <param name="InputChannels">first_conv's input channels (3 for OFA's ImageNet models).</param>
/// <param name="NumClasses">classifier outputs.</param>
/// <param name="StemWidth">first_conv's output channels.</param>
/// <param name="FirstBlockWidth">blocks.0's output channels.</param>
/// <param name="StageWidths">Output channels of the 5 elastic stages.</param>
/// <param name="FinalExpandWidth">final_expand_layer's output channels.</param>
/// <param name="LastChannel">feature_mix_layer's output channels.</param>
/// <param name="MaxDepth">Blocks per elastic stage (the largest depth).</param>
/// <param name="KernelSizes">Elastic kernel sizes, ascending.</param>
/// <param name="MaxExpandRatio">The largest expand ratio (the same in every elastic block).</param>
/// <param name="WidthMult">The smallest width multiplier of the form k/100 that yields all widths above, or null.</param>
public sealed record CheckpointSettings(
    int InputChannels,
    int NumClasses,
    int StemWidth,
    int FirstBlockWidth,
    IReadOnlyList<int> StageWidths,
    int FinalExpandWidth,
    int LastChannel,
    int MaxDepth,
    IReadOnlyList<int> KernelSizes,
    int MaxExpandRatio,
    double? WidthMult)
{
    /// <summary>
    /// The depths to declare: OFA's released supernets trained depths 2, 3 and 4; for another maximum only that one
    /// is known from the weights (the smaller depths are a training choice the file does not record).
    /// </summary>
    public IReadOnlyList<int> SuggestedDepths => MaxDepth == 4 ? [2, 3, 4] : [MaxDepth];

    /// <summary>The expand ratios to declare: OFA's 3, 4 and 6 for a maximum of 6, else the maximum alone (as <see cref="SuggestedDepths"/>).</summary>
    public IReadOnlyList<int> SuggestedExpandRatios => MaxExpandRatio == 6 ? [3, 4, 6] : [MaxExpandRatio];

    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"width_mult {(WidthMult is { } w ? w.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) : "?")}, "
        + $"widths stem {StemWidth} / first block {FirstBlockWidth} / stages [{string.Join(",", StageWidths)}] / head {FinalExpandWidth},{LastChannel}, "
        + $"kernels [{string.Join(",", KernelSizes)}], max expand {MaxExpandRatio}, max depth {MaxDepth}, "
        + $"{InputChannels} input channels, {NumClasses} classes");
}
