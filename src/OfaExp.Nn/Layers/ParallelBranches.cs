using OfaExp.Core.Costs;

using static TorchSharp.torch;

namespace OfaExp.Nn.Layers;

/// <summary>
/// The two static branches that OFAv2's parallel-block supernets (P, DP) add beside the MBConv of a block position:
/// conv1x1 (1x1 convolution with the block's stride, BN, the stage's activation: the reference's ConvLayer) and
/// transformation (<see cref="TransformationLayer"/>). A supernet holds both for every elastic slot; an extracted
/// static network holds only the branches its subnet keeps, so either may be absent. Not run on its own: the block
/// sum is <see cref="Networks.StageForward.Block"/>.
/// </summary>
public sealed class ParallelBranches : ExplicitModule
{
    public ParallelBranches(ConvLayer? conv1x1, TransformationLayer? transformation)
        : base(nameof(ParallelBranches))
    {
        this.conv1x1 = conv1x1;
        this.transformation = transformation;
        if (conv1x1 is not null)
        {
            register_module("conv1x1", conv1x1);
        }

        if (transformation is not null)
        {
            register_module("transformation", transformation);
        }
    }

    /// <summary>Both branches of a block position from <paramref name="inChannels"/> to <paramref name="outChannels"/>.</summary>
    public static ParallelBranches Create(int inChannels, int outChannels, int stride, ActivationKind activation, BatchNormSettings batchNorm, int mask)
    {
        ArgumentNullException.ThrowIfNull(batchNorm);
        return new ParallelBranches(
            (mask & 2) != 0 ? new ConvLayer(inChannels, outChannels, 1, stride, activation, batchNorm) : null,
            (mask & 4) != 0 ? new TransformationLayer(inChannels, outChannels, stride, activation, batchNorm) : null);
    }

    /// <summary>Branch 1 (mask bit 1): static 1x1 conv + BN + activation.</summary>
    public ConvLayer? conv1x1 { get; }

    /// <summary>Branch 2 (mask bit 2): max-pool, 1x1 conv if the width changes, BN + activation.</summary>
    public TransformationLayer? transformation { get; }

    public override Tensor forward(Tensor x) =>
        throw new NotSupportedException("Parallel branches run inside their block position (StageForward.Block), summed with the MBConv.");
}
