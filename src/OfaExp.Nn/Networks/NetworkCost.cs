using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Layers;

namespace OfaExp.Nn.Networks;

/// <summary>
/// Analytic cost of a subnet, counted as OFA's count_net_flops does: multiply-adds of every convolution
/// (in / groups x k x k x out x output pixels, batch 1, SE convs included at 1x1) and of the classifier
/// (in x out); BN, activations, pooling and biases cost nothing. <see cref="Parameters"/> counts the trainable
/// tensors of the static subnet (weights, BN affine, SE and classifier biases). Pure arithmetic, no network built,
/// so a search can cost thousands of candidates per second.
/// </summary>
public sealed record NetworkCost(long Flops, long Parameters)
{
    /// <summary>FLOPs in millions, the unit OFA reports.</summary>
    public double MFlops => Flops / 1e6;

    public static NetworkCost Of(SupernetSpec spec, DatasetInfo data, SubnetConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var layout = MobileNetV3Layout.For(spec, data);
        if (config.Stages != layout.StageWidths.Count || config.BlocksPerStage != layout.MaxDepth)
        {
            throw new ArgumentException($"Subnet {config} does not have {layout.StageWidths.Count} stages of {layout.MaxDepth} block slots.", nameof(config));
        }

        var counter = new Counter(config.Resolution);
        counter.Conv(layout.InputChannels, layout.StemWidth, 3, layout.StemStride, groups: 1, bn: true);
        counter.MbConv(layout.StemWidth, layout.FirstBlockWidth, 3, 1, 1, se: false);
        for (var stage = 0; stage < config.Stages; stage++)
        {
            for (var i = 0; i < config.Depths[stage]; i++)
            {
                var slot = (stage * config.BlocksPerStage) + i;
                counter.MbConv(
                    layout.BlockInput(stage, i), layout.StageWidths[stage], config.Kernels[slot], layout.BlockStride(stage, i), config.Expands[slot], layout.StageSe[stage]);
            }
        }

        counter.Conv(layout.StageWidths[^1], layout.FinalExpandWidth, 1, 1, groups: 1, bn: true);
        counter.Pool();
        counter.Conv(layout.FinalExpandWidth, layout.LastChannel, 1, 1, groups: 1, bn: false);
        counter.Linear(layout.LastChannel, layout.NumClasses);
        return new NetworkCost(counter.Flops, counter.Parameters);
    }

    private sealed class Counter(int resolution)
    {
        private long _height = resolution;
        private long _width = resolution;

        public long Flops { get; private set; }

        public long Parameters { get; private set; }

        public void Conv(int inChannels, int outChannels, int kernel, int stride, int groups, bool bn)
        {
            // Same padding (k / 2) on odd kernels: out = floor((n - 1) / s) + 1.
            _height = ((_height - 1) / stride) + 1;
            _width = ((_width - 1) / stride) + 1;
            long weights = (long)inChannels / groups * kernel * kernel * outChannels;
            Flops += weights * _height * _width;
            Parameters += weights + (bn ? 2L * outChannels : 0);
        }

        public void MbConv(int inChannels, int outChannels, int kernel, int stride, int expand, bool se)
        {
            var middle = MbConvLayer.MiddleChannels(inChannels, expand);
            if (expand != 1)
            {
                Conv(inChannels, middle, 1, 1, groups: 1, bn: true);
            }

            Conv(middle, middle, kernel, stride, groups: middle, bn: true);
            if (se)
            {
                var squeeze = DynamicSe.MidChannels(middle);
                Flops += 2L * middle * squeeze;
                Parameters += (2L * middle * squeeze) + squeeze + middle;
            }

            Conv(middle, outChannels, 1, 1, groups: 1, bn: true);
        }

        public void Pool() => (_height, _width) = (1, 1);

        public void Linear(int inFeatures, int outFeatures)
        {
            Flops += (long)inFeatures * outFeatures;
            Parameters += ((long)inFeatures * outFeatures) + outFeatures;
        }
    }
}
