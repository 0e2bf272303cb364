using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Layers;
using OfaExp.Nn.Networks;
using static TorchSharp.torch;

namespace OfaExp.Nn.Tests;

public class ElasticNetworkTests
{
    private static readonly DatasetInfo Fashion = DatasetInfo.Get("fashion-mnist");

    private static OfaMobileNetV3 RandomNet(long seed = 3)
    {
        var net = new OfaMobileNetV3(Presets.TinyElastic, Fashion, 1);
        TestWeights.Randomize(net, seed);
        return net;
    }

    private static IEnumerable<SubnetConfig> Configs(SubnetSpace space) =>
        new[] { space.Max, space.Min }.Concat(Enumerable.Range(0, 5).Select(i => space.Sample((ulong)i + 100)));

    [Fact]
    public void The_maximal_subnet_is_active_from_the_start()
    {
        using var net = new OfaMobileNetV3(Presets.TinyElastic, Fashion, 1);

        Assert.Equal(net.space.Max, net.ActiveSubnet);
        Assert.Equal([4, 4, 4, 4, 4], net.runtime_depth);
        var sample = net.space.Sample(5);
        net.set_active_subnet(sample);
        Assert.Equal(sample, net.ActiveSubnet);
        Assert.Equal(sample.Depths, net.runtime_depth);
        net.set_max_net();
        Assert.Equal(net.space.Max, net.ActiveSubnet);
        Assert.All(net.elastic_blocks, b => Assert.Equal((7, 6), (b.conv.active_kernel_size, b.conv.active_expand_ratio)));
    }

    [Fact]
    public void Subnets_outside_the_space_are_rejected()
    {
        using var net = new OfaMobileNetV3(Presets.TinyElastic, Fashion, 1);
        var max = net.space.Max;
        var badKernel = new SubnetConfig(max.Kernels.Select((k, i) => i == 3 ? 9 : k), max.Expands, max.Depths, 28);

        Assert.Throws<ArgumentException>(() => net.set_active_subnet(badKernel));
        Assert.Throws<ArgumentException>(() => net.set_active_subnet(new SubnetConfig([3, 3], [3, 3], [1, 1], 28)));
        Assert.Equal(max, net.ActiveSubnet);
    }

    [Fact]
    public void Smaller_kernels_are_transformed_centres_of_the_stored_filter()
    {
        var conv = new DynamicSeparableConv2d(8, [3, 5, 7], 1);
        using var noGrad = no_grad();
        var weight = conv.conv.weight!;

        // Identity matrices: plain centre crops.
        using (var k5 = conv.GetActiveFilter(8, 5))
        {
            Assert.True(TestWeights.Same(k5, weight[.., .., 1..6, 1..6]));
        }

        conv.TransformMatrix(7, 5).copy_(randn(25, 25));
        conv.TransformMatrix(5, 3).copy_(randn(9, 9));
        var m75 = conv.TransformMatrix(7, 5);
        var m53 = conv.TransformMatrix(5, 3);
        var five = weight[..6, .., 1..6, 1..6].reshape(6, 25).matmul(m75.t()).reshape(6, 1, 5, 5);
        var three = five[.., .., 1..4, 1..4].reshape(6, 9).matmul(m53.t()).reshape(6, 1, 3, 3);

        using var got5 = conv.GetActiveFilter(6, 5);
        using var got3 = conv.GetActiveFilter(6, 3);
        using var got7 = conv.GetActiveFilter(6, 7);
        Assert.True(TestWeights.MaxDiff(five, got5) < 1e-5);
        Assert.True(TestWeights.MaxDiff(three, got3) < 1e-5);
        Assert.True(TestWeights.Same(got7, weight[..6]));
        Assert.Throws<ArgumentException>(() => conv.GetActiveFilter(8, 4));
    }

    [Fact]
    public void Cutting_taps_that_only_meet_padding_keeps_transformed_kernels_exact()
    {
        var conv = new DynamicSeparableConv2d(16, [3, 5, 7], 2);
        TestWeights.Randomize(conv, 2);
        using var noGrad = no_grad();
        foreach (var (kernel, size) in new[] { (7, 2), (5, 2), (7, 1), (5, 3), (3, 1) })
        {
            conv.active_kernel_size = kernel;
            using var x = randn(2, 12, size, size);
            using var filter = conv.GetActiveFilter(12, kernel);
            using var full = nn.functional.conv2d(x, filter, strides: [2, 2], padding: [kernel / 2, kernel / 2], groups: 12);

            using var y = conv.forward(x);

            Assert.True(ConvLayer.UnusedBorder(kernel, 2, size, size) > 0 || size == 3);
            Assert.True(TestWeights.MaxDiff(full, y) < 1e-5, $"k{kernel} on {size}x{size}");
        }
    }

    [Fact]
    public void Extracted_static_subnets_compute_what_the_supernet_computes()
    {
        using var net = RandomNet();
        net.eval();
        using var x = randn(4, 1, 28, 28);
        using var x24 = randn(4, 1, 24, 24);
        using var noGrad = no_grad();
        foreach (var config in Configs(net.space))
        {
            net.set_active_subnet(config);
            using var sub = net.get_active_subnet();
            Assert.False(sub.training);
            Assert.Equal(config, sub.config);
            Assert.Equal(1 + config.Depths.Sum(), sub.blocks.Count);
            foreach (var input in new[] { x, x24 })
            {
                using var expected = net.forward(input);
                using var actual = sub.forward(input);
                Assert.True(TestWeights.MaxDiff(expected, actual) < 1e-5, $"{config}: {TestWeights.MaxDiff(expected, actual)}");
            }
        }
    }

    [Fact]
    public void Subnets_differ_and_skipped_blocks_do_not_matter()
    {
        using var net = RandomNet();
        net.eval();
        using var x = randn(2, 1, 28, 28);
        using var noGrad = no_grad();
        var a = net.space.Sample(1, net.space.All.WithDepths(2));
        var otherSkipped = new SubnetConfig(
            a.Kernels.Select((k, i) => a.IsActive(i) ? k : 3), a.Expands.Select((e, i) => a.IsActive(i) ? e : 4), a.Depths, a.Resolution);

        net.set_active_subnet(a);
        using var ya = net.forward(x);
        net.set_active_subnet(otherSkipped);
        using var yb = net.forward(x);
        net.set_max_net();
        using var yMax = net.forward(x);

        Assert.True(TestWeights.Same(ya, yb));
        Assert.True(TestWeights.MaxDiff(ya, yMax) > 1e-3);
    }

    [Fact]
    public void Extraction_copies_rather_than_shares_weights()
    {
        using var net = RandomNet();
        net.set_max_net();
        using var sub = net.get_active_subnet();
        using var noGrad = no_grad();
        var before = sub.blocks[1].conv.depth_conv.conv.weight!.clone();

        net.elastic_blocks[0].conv.depth_separable.conv.weight!.add_(1);

        Assert.True(TestWeights.Same(sub.blocks[1].conv.depth_conv.conv.weight!, before));
    }

    [Fact]
    public void Training_a_random_subnet_reaches_exactly_its_active_weights()
    {
        using var net = new OfaMobileNetV3(Presets.TinyElastic, Fashion, 1);
        net.train();
        var config = new SubnetConfig(
            Enumerable.Repeat(5, 20), Enumerable.Repeat(3, 20), [2, 2, 2, 2, 2], 28);
        net.set_active_subnet(config);
        using var x = randn(4, 1, 28, 28);

        net.forward(x).sum().backward();

        var block = net.elastic_blocks[0].conv;
        var middle = block.active_middle_channel;
        Assert.True(middle < block.max_middle_channel);
        var ibGrad = block.inverted_bottleneck_conv!.conv.weight!.grad!;
        Assert.True(ibGrad[..middle].abs().sum().item<float>() > 0);
        Assert.Equal(0, ibGrad[middle..].abs().sum().item<float>());
        Assert.NotNull(block.depth_separable.TransformMatrix(7, 5).grad);
        Assert.Null(block.depth_separable.TransformMatrix(5, 3).grad);
        Assert.Null(net.elastic_blocks[3].conv.point_linear_conv.conv.weight!.grad); // slot 3: beyond depth 2

        // Sliced BN: running statistics move for the first channels only.
        var bn = block.depth_conv.bn.bn;
        Assert.NotEqual(0, bn.running_mean![..middle].abs().sum().item<float>());
        Assert.Equal(0, bn.running_mean![middle..].abs().sum().item<float>());
        Assert.Equal(1, bn.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void Sorting_middle_channels_keeps_the_function_and_orders_by_importance()
    {
        using var net = RandomNet();
        net.eval();
        using var x = randn(4, 1, 28, 28);
        using var noGrad = no_grad();
        using var before = net.forward(x);
        var block = net.elastic_blocks[6].conv; // 40-wide stage: has SE

        net.re_organize_middle_weights();

        using var after = net.forward(x);
        Assert.True(TestWeights.MaxDiff(before, after) < 1e-5, $"{TestWeights.MaxDiff(before, after)}");
        var importance = block.point_linear_conv.conv.weight!.abs().sum([0, 2, 3]);
        Assert.True(TestWeights.Same(importance, importance.sort(descending: true).Values));
        var seImportance = block.depth_conv.se!.expand.weight!.abs().sum([0, 2, 3]);
        Assert.True(TestWeights.Same(seImportance, seImportance.sort(descending: true).Values));
    }

    [Fact]
    public void Sorting_in_a_later_expand_stage_keeps_channels_within_their_width_bands()
    {
        using var net = RandomNet();
        using var noGrad = no_grad();
        var block = net.elastic_blocks[2].conv;
        var widths = new[] { 3, 4 }.Select(e => MbConvLayer.MiddleChannels(block.in_channels, e)).ToArray();
        var weight = block.point_linear_conv.conv.weight!;
        var bandOf3 = weight[.., ..widths[0]].abs().sum([0, 2, 3]).sort().Values.clone();
        var bandOf4 = weight[.., widths[0]..widths[1]].abs().sum([0, 2, 3]).sort().Values.clone();

        block.ReOrganizeMiddleWeights(expandRatioStage: 2);

        // Band membership is kept (values compared to float tolerance: the sums reduce in another order); the top band
        // is sorted exactly. Lower bands are sorted on importance + offset (-1e5 per band) in float32, as in OFA, so
        // near-ties there may keep their old order.
        var importance = weight.abs().sum([0, 2, 3]);
        Assert.True(TestWeights.MaxDiff(importance[..widths[0]].sort().Values, bandOf3) < 1e-5);
        Assert.True(TestWeights.Same(importance[..widths[0]], importance[..widths[0]].sort(descending: true).Values));
        Assert.True(TestWeights.MaxDiff(importance[widths[0]..widths[1]].sort().Values, bandOf4) < 1e-5);
    }
}
