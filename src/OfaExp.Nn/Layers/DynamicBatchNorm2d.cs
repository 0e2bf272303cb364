using OfaExp.Core.Costs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Layers;

/// <summary>
/// OFA's DynamicBatchNorm2d: a BatchNorm2d stored at the maximal width. At full width it is the plain module. For a
/// narrower input it normalises with the first C affine parameters and running statistics: in training mode with the
/// batch statistics, updating the first C running statistics in place with the module's momentum (and counting the
/// batch), so sliced channels learn running statistics exactly as OFA's sliced F.batch_norm views do; in eval mode
/// with the first C running statistics.
/// </summary>
public sealed class DynamicBatchNorm2d : ExplicitModule
{
    private readonly BatchNormSettings _settings;

    public DynamicBatchNorm2d(int maxFeatureDim, BatchNormSettings settings)
        : base(nameof(DynamicBatchNorm2d))
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        max_feature_dim = maxFeatureDim;
        bn = nn.BatchNorm2d(maxFeatureDim, eps: settings.Eps, momentum: settings.Momentum);
        register_module("bn", bn);
    }

    public int max_feature_dim { get; }

    public BatchNorm2d bn { get; }

    public override Tensor forward(Tensor x)
    {
        var featureDim = (int)x.shape[1];
        if (featureDim == max_feature_dim)
        {
            return bn.forward(x);
        }

        var factor = 0.0;
        if (bn.training)
        {
            bn.num_batches_tracked!.add_(1);
            factor = _settings.Momentum;
        }

        using var mean = bn.running_mean!.narrow(0, 0, featureDim);
        using var variance = bn.running_var!.narrow(0, 0, featureDim);
        using var weight = bn.weight!.narrow(0, 0, featureDim);
        using var bias = bn.bias!.narrow(0, 0, featureDim);
        return nn.functional.batch_norm(x, mean, variance, weight, bias, bn.training, factor, _settings.Eps);
    }
}
