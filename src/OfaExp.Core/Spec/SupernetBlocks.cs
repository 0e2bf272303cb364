namespace OfaExp.Core.Spec;

/// <summary>The block structure of a supernet's stages (supernet.blocks).</summary>
public enum SupernetBlocks
{
    /// <summary>B: OFA's MBConv blocks.</summary>
    Base,

    /// <summary>D: dense skip connections inside stages (OFAv2).</summary>
    Dense,

    /// <summary>P: three summed parallel branches per block position (OFAv2).</summary>
    Parallel,

    /// <summary>DP: both (OFAv2).</summary>
    DenseParallel,
}
