namespace OfaExp.Core.Spec;

/// <summary>
/// The OFA MobileNetV3 supernet (Cai et al. 2020) and its OFAv2 variants (Sarti et al. 2023). Stage widths, activations
/// and SE placement are fixed by the architecture; what varies between presets is here. StemStride and StageStrides
/// adapt the network to small inputs (28x28 Fashion-MNIST) without a fork of the code. <see cref="Exits"/> and
/// <see cref="Blocks"/> select one of OFAv2's eight supernets {SE, EE} x {B, D, P, DP}; the defaults are OFA's.
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
    /// <summary>Branches of a parallel block position: the MBConv, the static 1x1 conv, the transformation branch.</summary>
    public const int ParallelBranches = 3;

    public SupernetExits Exits { get; init; } = SupernetExits.Single;

    public SupernetBlocks Blocks { get; init; } = SupernetBlocks.Base;

    public int MaxKernel => KernelSizes.Max();
    public int MaxExpand => ExpandRatios.Max();
    public int MaxDepth => Depths.Max();
    public int MaxResolution => Resolutions.Max();

    public int Stages => StageStrides.Count;

    public bool HasEarlyExits => Exits == SupernetExits.Early;

    public bool HasDenseSkips => Blocks is SupernetBlocks.Dense or SupernetBlocks.DenseParallel;

    public bool HasParallelBlocks => Blocks is SupernetBlocks.Parallel or SupernetBlocks.DenseParallel;

    /// <summary>OFAv2's name of the variant: SE_B, EE_D, SE_DP, ...</summary>
    public string Variant => (HasEarlyExits ? "EE_" : "SE_") + Blocks switch
    {
        SupernetBlocks.Base => "B",
        SupernetBlocks.Dense => "D",
        SupernetBlocks.Parallel => "P",
        SupernetBlocks.DenseParallel => "DP",
    };

    /// <summary>Elastic Level choices: how many branches of a block position run (1..3 for P nets; 1, the MBConv, otherwise).</summary>
    public IReadOnlyList<int> Levels => LevelsFor(Blocks);

    /// <summary>Elastic Height choices: the 1-based stage whose exit a subnet uses (every stage for EE nets; the last otherwise).</summary>
    public IReadOnlyList<int> ExitStages => ExitStagesFor(Exits, Stages);

    /// <summary><see cref="Levels"/> of a supernet whose <c>supernet.blocks</c> is <paramref name="blocks"/>.</summary>
    public static IReadOnlyList<int> LevelsFor(SupernetBlocks blocks) =>
        blocks is SupernetBlocks.Parallel or SupernetBlocks.DenseParallel ? [.. Enumerable.Range(1, ParallelBranches)] : [1];

    /// <summary><see cref="ExitStages"/> of a supernet with <paramref name="stages"/> stages whose <c>supernet.exits</c> is <paramref name="exits"/>.</summary>
    public static IReadOnlyList<int> ExitStagesFor(SupernetExits exits, int stages) =>
        exits == SupernetExits.Early ? [.. Enumerable.Range(1, stages)] : [stages];
}
