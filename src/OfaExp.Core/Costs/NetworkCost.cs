using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;

namespace OfaExp.Core.Costs;

/// <summary>
/// Analytic cost of a subnet, counted as OFA's count_net_flops does: multiply-adds of every convolution
/// (in / groups x k x k x out x output pixels, batch 1, SE convs included at 1x1) and of the classifier
/// (in x out); BN, activations, pooling and biases cost nothing. <see cref="Parameters"/> counts the trainable
/// tensors of the static subnet (weights, BN affine, SE and classifier biases). Pure arithmetic, no network built,
/// so a search can cost thousands of candidates per second.
/// OFAv2: only stages 1..Exit and the active exit's head count (every head 1..Exit with allExits), and per active
/// position only its active branches (the static 1x1 conv as a convolution with BN; the transformation branch as
/// its 1x1 conv with bias when the width changes, plus BN; max-pooling is free). The element-wise additions of
/// parallel sums and dense skips are free, like the residual additions OFA does not count.
/// </summary>
public sealed record NetworkCost(long Flops, long Parameters)
{
    /// <summary>FLOPs in millions, the unit OFA reports.</summary>
    public double MFlops => Flops / 1e6;

    /// <param name="allExits">Count every exit head 1..Exit (an EE network extracted with all exits); ignored by single-exit nets.</param>
    public static NetworkCost Of(SupernetSpec spec, DatasetInfo data, SubnetConfig config, bool allExits = false)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(config);
        var layout = MobileNetV3Layout.For(spec, data);
        if (config.Stages != layout.StageWidths.Count || config.BlocksPerStage != layout.MaxDepth)
        {
            throw new ArgumentException($"Subnet {config} does not have {layout.StageWidths.Count} stages of {layout.MaxDepth} block slots.", nameof(config));
        }

        var counter = new Counter(config.Resolution);
        counter.Conv(layout.InputChannels, layout.StemWidth, 3, layout.StemStride, groups: 1, bn: true);
        counter.MbConv(layout.StemWidth, layout.FirstBlockWidth, 3, 1, 1, se: false);
        for (var stage = 0; stage < config.Exit; stage++)
        {
            for (var i = 0; i < config.Depths[stage]; i++)
            {
                var slot = (stage * config.BlocksPerStage) + i;
                var mask = config.Branches[slot];
                var (inChannels, outChannels, stride) = (layout.BlockInput(stage, i), layout.StageWidths[stage], layout.BlockStride(stage, i));
                var (height, width) = counter.Size;
                if ((mask & 1) != 0)
                {
                    counter.MbConv(inChannels, outChannels, config.Kernels[slot], stride, config.Expands[slot], layout.StageSe[stage]);
                }

                if ((mask & 2) != 0)
                {
                    counter.Size = (height, width);
                    counter.Conv(inChannels, outChannels, 1, stride, groups: 1, bn: true);
                }

                if ((mask & 4) != 0)
                {
                    counter.Size = (height, width);
                    counter.Transformation(inChannels, outChannels, stride);
                }
            }

            if (allExits && spec.HasEarlyExits && stage + 1 < config.Exit)
            {
                var size = counter.Size;
                counter.Head(layout.StageWidths[stage], layout.ExitWidths(stage + 1), layout.NumClasses);
                counter.Size = size;
            }
        }

        counter.Head(layout.StageWidths[config.Exit - 1], layout.ExitWidths(config.Exit), layout.NumClasses);
        return new NetworkCost(counter.Flops, counter.Parameters);
    }

    /// <summary>
    /// The additive parts of <see cref="Of"/> at one resolution, in MFLOPs: the stem and first block
    /// (<see cref="CostParts.Base"/>); each block slot's MBConv per kernel and expand choice, its static 1x1 conv and
    /// its transformation branch (a slot's input size depends only on the stride of the stages before it, not on
    /// depths); and each exit's head. A subnet's FLOPs are Base + its active slots' branches + its exit's head, which
    /// is what a search sums thousands of times per second.
    /// </summary>
    public static CostParts PartsOf(SupernetSpec spec, DatasetInfo data, int resolution)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var layout = MobileNetV3Layout.For(spec, data);
        var kernels = spec.KernelSizes.Distinct().Order().ToArray();
        var expands = spec.ExpandRatios.Distinct().Order().ToArray();
        var stages = layout.StageWidths.Count;
        var slots = stages * layout.MaxDepth;
        var counter = new Counter(resolution);
        counter.Conv(layout.InputChannels, layout.StemWidth, 3, layout.StemStride, groups: 1, bn: true);
        counter.MbConv(layout.StemWidth, layout.FirstBlockWidth, 3, 1, 1, se: false);
        var baseFlops = counter.Flops;
        var block = new double[slots][][];
        var conv1x1 = new double[slots];
        var transform = new double[slots];
        var heads = new double[stages];
        var size = counter.Size;
        for (var stage = 0; stage < stages; stage++)
        {
            for (var i = 0; i < layout.MaxDepth; i++)
            {
                var slot = (stage * layout.MaxDepth) + i;
                var (inChannels, outChannels, stride) = (layout.BlockInput(stage, i), layout.StageWidths[stage], layout.BlockStride(stage, i));
                long Part(Action<Counter> count)
                {
                    var part = new Counter(resolution) { Size = size };
                    count(part);
                    return part.Flops;
                }

                block[slot] = [.. kernels.Select(k => expands.Select(e => Part(c => c.MbConv(inChannels, outChannels, k, stride, e, layout.StageSe[stage])) / 1e6).ToArray())];
                conv1x1[slot] = Part(c => c.Conv(inChannels, outChannels, 1, stride, groups: 1, bn: true)) / 1e6;
                transform[slot] = Part(c => c.Transformation(inChannels, outChannels, stride)) / 1e6;
                var next = new Counter(resolution) { Size = size };
                next.Conv(inChannels, outChannels, 1, stride, groups: 1, bn: false);
                size = next.Size;
            }

            var head = new Counter(resolution) { Size = size };
            head.Head(layout.StageWidths[stage], layout.ExitWidths(stage + 1), layout.NumClasses);
            heads[stage] = head.Flops / 1e6;
        }

        return new CostParts(baseFlops / 1e6, block, conv1x1, transform, heads);
    }

    private sealed class Counter(int resolution)
    {
        private long _height = resolution;
        private long _width = resolution;

        public long Flops { get; private set; }

        public long Parameters { get; private set; }

        /// <summary>The current feature map size (what the next layer reads).</summary>
        public (long Height, long Width) Size
        {
            get => (_height, _width);
            set => (_height, _width) = value;
        }

        public void Head(int inChannels, (int Expand, int Mix) widths, int numClasses)
        {
            Conv(inChannels, widths.Expand, 1, 1, groups: 1, bn: true);
            Pool();
            Conv(widths.Expand, widths.Mix, 1, 1, groups: 1, bn: false);
            Linear(widths.Mix, numClasses);
        }

        /// <summary>Max-pool (free) to ceil(n / stride), then a 1x1 conv with bias when the width changes, then BN.</summary>
        public void Transformation(int inChannels, int outChannels, int stride)
        {
            _height = ((_height - 1) / stride) + 1;
            _width = ((_width - 1) / stride) + 1;
            if (inChannels != outChannels)
            {
                Conv(inChannels, outChannels, 1, 1, groups: 1, bn: false);
                Parameters += outChannels;
            }

            Parameters += 2L * outChannels;
        }

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
            var middle = Channels.MbConvMiddle(inChannels, expand);
            if (expand != 1)
            {
                Conv(inChannels, middle, 1, 1, groups: 1, bn: true);
            }

            Conv(middle, middle, kernel, stride, groups: middle, bn: true);
            if (se)
            {
                var squeeze = Channels.SeMiddle(middle);
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
