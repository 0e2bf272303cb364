namespace OfaExp.Core.Spec;

/// <summary>
/// The OFA MobileNetV3 supernet (METHODS.md section 1). Stage widths, activations and SE placement are fixed by
/// the architecture; what varies between presets is here. StemStride and StageStrides adapt the network to small
/// inputs (28x28 Fashion-MNIST) without a fork of the code.
/// </summary>
public sealed record SupernetSpec(
    string Kind,
    double WidthMult,
    int StemStride,
    IReadOnlyList<int> StageStrides,
    IReadOnlyList<int> KernelSizes,
    IReadOnlyList<int> ExpandRatios,
    IReadOnlyList<int> Depths,
    IReadOnlyList<int> Resolutions,
    double Dropout,
    double BnMomentum,
    double BnEps)
{
    public int MaxKernel => KernelSizes.Max();
    public int MaxExpand => ExpandRatios.Max();
    public int MaxDepth => Depths.Max();
    public int MaxResolution => Resolutions.Max();
}
