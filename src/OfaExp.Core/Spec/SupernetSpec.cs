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
    public const string SingleExit = "single";
    public const string EarlyExits = "early";

    public const string BaseBlocks = "base";
    public const string DenseBlocks = "dense";
    public const string ParallelBlocks = "parallel";
    public const string DenseParallelBlocks = "dense_parallel";

    public static IReadOnlyList<string> ExitKinds { get; } = [SingleExit, EarlyExits];

    public static IReadOnlyList<string> BlockKinds { get; } = [BaseBlocks, DenseBlocks, ParallelBlocks, DenseParallelBlocks];

    /// <summary>Branches of a parallel block position: the MBConv, the static 1x1 conv, the transformation branch.</summary>
    public const int ParallelBranches = 3;

    /// <summary>"single" (SE: one classifier after the last stage) or "early" (EE: one exit after every stage).</summary>
    public string Exits { get; init; } = SingleExit;

    /// <summary>"base" (B), "dense" (D: dense skips inside stages), "parallel" (P: three summed branches per block) or "dense_parallel" (DP).</summary>
    public string Blocks { get; init; } = BaseBlocks;

    public int MaxKernel => KernelSizes.Max();
    public int MaxExpand => ExpandRatios.Max();
    public int MaxDepth => Depths.Max();
    public int MaxResolution => Resolutions.Max();

    public int Stages => StageStrides.Count;

    public bool HasEarlyExits => Exits == EarlyExits;

    public bool HasDenseSkips => Blocks is DenseBlocks or DenseParallelBlocks;

    public bool HasParallelBlocks => Blocks is ParallelBlocks or DenseParallelBlocks;

    /// <summary>OFAv2's name of the variant: SE_B, EE_D, SE_DP, ...</summary>
    public string Variant => (HasEarlyExits ? "EE_" : "SE_") + Blocks switch
    {
        DenseBlocks => "D",
        ParallelBlocks => "P",
        DenseParallelBlocks => "DP",
        _ => "B",
    };

    /// <summary>Elastic Level choices: how many branches of a block position run (1..3 for P nets; 1, the MBConv, otherwise).</summary>
    public IReadOnlyList<int> Levels => LevelsFor(Blocks);

    /// <summary>Elastic Height choices: the 1-based stage whose exit a subnet uses (every stage for EE nets; the last otherwise).</summary>
    public IReadOnlyList<int> ExitStages => ExitStagesFor(Exits, Stages);

    /// <summary><see cref="Levels"/> of a supernet whose <c>supernet.blocks</c> is <paramref name="blocks"/>.</summary>
    public static IReadOnlyList<int> LevelsFor(string blocks) =>
        blocks is ParallelBlocks or DenseParallelBlocks ? [.. Enumerable.Range(1, ParallelBranches)] : [1];

    /// <summary><see cref="ExitStages"/> of a supernet with <paramref name="stages"/> stages whose <c>supernet.exits</c> is <paramref name="exits"/>.</summary>
    public static IReadOnlyList<int> ExitStagesFor(string exits, int stages) =>
        exits == EarlyExits ? [.. Enumerable.Range(1, stages)] : [stages];
}
