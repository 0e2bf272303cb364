using OfaExp.Core.Costs;

using static TorchSharp.torch;

namespace OfaExp.Nn.Layers;

/// <summary>
/// OFA's DynamicMBConvLayer: an inverted residual stored at the largest kernel and expand ratio. The active expand
/// ratio selects the first make_divisible(round(in x e)) middle channels of inverted_bottleneck, depth_conv (with its
/// BN and SE) and the input of point_linear; the active kernel selects (and transforms) the depthwise filter.
/// <see cref="ReOrganizeMiddleWeights"/> sorts the middle channels by importance so that narrow subnets keep the
/// most important ones.
/// </summary>
public sealed class DynamicMbConvLayer : ExplicitModule, IInvertedResidual
{
    private readonly int[] _expandRatios;

    public DynamicMbConvLayer(
        int inChannels,
        int outChannels,
        IReadOnlyList<int> kernelSizeList,
        IReadOnlyList<int> expandRatioList,
        int stride,
        ActivationKind activation,
        bool useSe,
        BatchNormSettings batchNorm)
        : base(nameof(DynamicMbConvLayer))
    {
        ArgumentNullException.ThrowIfNull(expandRatioList);
        _expandRatios = [.. expandRatioList.Distinct().Order()];
        if (_expandRatios.Length == 0 || _expandRatios[0] < 1)
        {
            throw new ArgumentException("Expand ratios must be positive.", nameof(expandRatioList));
        }

        in_channels = inChannels;
        out_channels = outChannels;
        this.stride = stride;
        act_func = activation;
        use_se = useSe;
        max_middle_channel = MbConvLayer.MiddleChannels(inChannels, _expandRatios[^1]);
        if (_expandRatios[^1] != 1)
        {
            inverted_bottleneck = new DynamicConvUnit(
                new DynamicConv2d(inChannels, max_middle_channel), new DynamicBatchNorm2d(max_middle_channel, batchNorm), activation);
            register_module("inverted_bottleneck", inverted_bottleneck);
        }

        depth_separable = new DynamicSeparableConv2d(max_middle_channel, kernelSizeList, stride);
        depth_conv = new DynamicConvUnit(
            depth_separable, new DynamicBatchNorm2d(max_middle_channel, batchNorm), activation, useSe ? new DynamicSe(max_middle_channel) : null);
        register_module("depth_conv", depth_conv);
        point_linear_conv = new DynamicConv2d(max_middle_channel, outChannels);
        point_linear = new DynamicConvUnit(point_linear_conv, new DynamicBatchNorm2d(outChannels, batchNorm), ActivationKind.None);
        register_module("point_linear", point_linear);
        active_kernel_size = depth_separable.max_kernel_size;
        active_expand_ratio = _expandRatios[^1];
    }

    public int in_channels { get; }

    public int out_channels { get; }

    public int stride { get; }

    public ActivationKind act_func { get; }

    public bool use_se { get; }

    public int max_middle_channel { get; }

    public IReadOnlyList<int> kernel_size_list => depth_separable.kernel_size_list;

    public IReadOnlyList<int> expand_ratio_list => _expandRatios;

    public int active_kernel_size { get; set; }

    public int active_expand_ratio { get; set; }

    /// <summary>1x1 expand (absent when the largest expand ratio is 1).</summary>
    public DynamicConvUnit? inverted_bottleneck { get; }

    public DynamicConvUnit depth_conv { get; }

    public DynamicConvUnit point_linear { get; }

    /// <summary>depth_conv.conv, typed.</summary>
    public DynamicSeparableConv2d depth_separable { get; }

    /// <summary>point_linear.conv, typed.</summary>
    public DynamicConv2d point_linear_conv { get; }

    /// <summary>inverted_bottleneck.conv, typed (null without an expand conv).</summary>
    public DynamicConv2d? inverted_bottleneck_conv => (DynamicConv2d?)inverted_bottleneck?.conv;

    /// <summary>The middle width at the active expand ratio: make_divisible(round(in x e)), as OFA's active_middle_channel.</summary>
    public int active_middle_channel => MbConvLayer.MiddleChannels(in_channels, active_expand_ratio);

    public override Tensor forward(Tensor x)
    {
        if (inverted_bottleneck is not null)
        {
            inverted_bottleneck_conv!.active_out_channel = active_middle_channel;
        }

        depth_separable.active_kernel_size = active_kernel_size;
        point_linear_conv.active_out_channel = out_channels;
        if (inverted_bottleneck is null)
        {
            using var d = depth_conv.forward(x);
            return point_linear.forward(d);
        }

        using var expanded = inverted_bottleneck.forward(x);
        using var depthwise = depth_conv.forward(expanded);
        return point_linear.forward(depthwise);
    }

    /// <summary>
    /// OFA's re_organize_middle_weights: rank middle channels by the L1 norm of their point_linear weights and permute
    /// every tensor indexed by a middle channel (inverted_bottleneck conv out-channels and BN, depth_conv filters and
    /// BN, SE expand out / reduce in) to match; then rank the SE squeeze channels by the L1 norm of their expand
    /// weights. With <paramref name="expandRatioStage"/> k > 0, channels stay within the width bands of the k + 1
    /// largest expand ratios (each band sorted on its own), so subnets trained in earlier expand phases keep theirs.
    /// The maximal network computes the same function afterwards.
    /// </summary>
    public void ReOrganizeMiddleWeights(int expandRatioStage = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expandRatioStage);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(expandRatioStage, _expandRatios.Length);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var pointWeight = point_linear_conv.conv.weight!;
        var importance = pointWeight.abs().sum([0, 2, 3]);
        if (expandRatioStage > 0)
        {
            var widths = _expandRatios.Reverse().Select(e => MbConvLayer.MiddleChannels(in_channels, e)).ToArray();
            var right = (int)importance.shape[0];
            var offset = -widths.Length * 1e5;
            for (var i = 0; i <= expandRatioStage; i++)
            {
                var left = widths[i];
                if (right > left)
                {
                    importance.narrow(0, left, right - left).add_(offset);
                }

                offset += 1e5;
                right = left;
            }
        }

        var (_, order) = importance.sort(dim: 0, descending: true, stable: true);
        Permute(pointWeight, 1, order);
        PermuteBn(((DynamicBatchNorm2d)depth_conv.bn).bn, order);
        Permute(depth_separable.conv.weight!, 0, order);
        if (depth_conv.se is { } se)
        {
            Permute(se.expand.weight!, 0, order);
            Permute(se.expand.bias!, 0, order);
            Permute(se.reduce.weight!, 1, order);
            var seImportance = se.expand.weight!.abs().sum([0, 2, 3]);
            var (_, seOrder) = seImportance.sort(dim: 0, descending: true, stable: true);
            Permute(se.expand.weight!, 1, seOrder);
            Permute(se.reduce.weight!, 0, seOrder);
            Permute(se.reduce.bias!, 0, seOrder);
        }

        if (inverted_bottleneck is not null)
        {
            PermuteBn(inverted_bottleneck.bn.bn, order);
            Permute(inverted_bottleneck_conv!.conv.weight!, 0, order);
        }
    }

    private static void Permute(Tensor target, int dim, Tensor order) => target.copy_(target.index_select(dim, order));

    private static void PermuteBn(TorchSharp.Modules.BatchNorm2d bn, Tensor order)
    {
        Permute(bn.weight!, 0, order);
        Permute(bn.bias!, 0, order);
        Permute(bn.running_mean!, 0, order);
        Permute(bn.running_var!, 0, order);
    }
}
