using OfaExp.Core.Costs;
using OfaExp.Core.Spec;
using OfaExp.Nn.Layers;
using OfaExp.Nn.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Tests;

public class NetworkTests
{
    private static readonly DatasetInfo Fashion = DatasetInfo.Get("fashion-mnist");

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Fact]
    public void Maps_a_batch_of_images_to_class_logits()
    {
        using var net = new OfaMobileNetV3(Presets.TinySupernet, Fashion, 1);
        net.eval();
        using var x = randn(3, 1, 28, 28);

        using var y = net.forward(x);

        Assert.Equal([3L, 10L], y.shape);
    }

    [Fact]
    public void Parameter_and_buffer_names_read_like_the_pytorch_reference()
    {
        using var net = new OfaMobileNetV3(Presets.TinySupernet, Fashion, 1);
        var names = net.state_dict().Keys.ToHashSet();

        string[] expected =
        [
            "first_conv.conv.weight", "first_conv.bn.weight", "first_conv.bn.bias", "first_conv.bn.running_mean",
            "first_conv.bn.running_var", "first_conv.bn.num_batches_tracked",

            // blocks.0 is static, as in OFA; the elastic blocks hold dynamic ops (conv.conv, bn.bn).
            "blocks.0.conv.depth_conv.conv.weight", "blocks.0.conv.point_linear.conv.weight", "blocks.0.conv.point_linear.bn.weight",
            "blocks.1.conv.inverted_bottleneck.conv.conv.weight", "blocks.1.conv.inverted_bottleneck.bn.bn.weight",
            "blocks.1.conv.depth_conv.conv.conv.weight", "blocks.1.conv.depth_conv.bn.bn.running_var",
            "blocks.1.conv.point_linear.conv.conv.weight", "blocks.1.conv.point_linear.bn.bn.num_batches_tracked",

            // blocks 3-4 form the 40-wide stage, which has squeeze-excite.
            "blocks.3.conv.depth_conv.se.fc.reduce.weight", "blocks.3.conv.depth_conv.se.fc.reduce.bias",
            "blocks.3.conv.depth_conv.se.fc.expand.weight", "blocks.3.conv.depth_conv.se.fc.expand.bias",
            "final_expand_layer.conv.weight", "final_expand_layer.bn.weight",
            "feature_mix_layer.conv.weight", "classifier.linear.weight", "classifier.linear.bias",
        ];
        Assert.All(expected, n => Assert.Contains(n, names));
        Assert.DoesNotContain("blocks.0.conv.inverted_bottleneck.conv.weight", names);
        Assert.DoesNotContain("feature_mix_layer.bn.weight", names);
        Assert.DoesNotContain(names, n => n.StartsWith("blocks.1.conv.depth_conv.se", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.Contains("conv.bias", StringComparison.Ordinal) && !n.Contains(".se.", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.EndsWith("_matrix", StringComparison.Ordinal)); // a single kernel size: nothing to transform
    }

    [Fact]
    public void Every_tensor_is_registered_once_under_its_reference_name()
    {
        using var net = new OfaMobileNetV3(Presets.TinyElastic, Fashion, 1);
        var state = net.state_dict();

        Assert.DoesNotContain(state.Keys, k => k.Contains('<', StringComparison.Ordinal));
        Assert.Equal(net.parameters().Count() + net.buffers().Count(), state.Count);
        Assert.DoesNotContain(state.Keys, k => k.StartsWith("first_block", StringComparison.Ordinal) || k.Contains("depth_separable", StringComparison.Ordinal));
    }

    [Fact]
    public void Elastic_kernels_add_one_transform_matrix_per_step_and_layer_named_as_in_ofa()
    {
        using var net = new OfaMobileNetV3(Presets.TinyElastic, Fashion, 1);
        var state = net.state_dict();

        Assert.Equal([9L, 9L], state["blocks.1.conv.depth_conv.conv.5to3_matrix"].shape);
        Assert.Equal([25L, 25L], state["blocks.20.conv.depth_conv.conv.7to5_matrix"].shape);
        Assert.Equal(2 * 20, state.Keys.Count(k => k.EndsWith("_matrix", StringComparison.Ordinal)));
        Assert.True(TestWeights.Same(state["blocks.7.conv.depth_conv.conv.7to5_matrix"], eye(25)));
        Assert.Equal([7L, 7L], state["blocks.7.conv.depth_conv.conv.conv.weight"].shape[2..]);
    }

    [Fact]
    public void Layout_follows_ofa_at_width_one()
    {
        using var net = new OfaMobileNetV3(Presets.PaperShapedSupernet, Fashion, 1);

        Assert.Equal(1 + (5 * 4), net.blocks.Count);
        Assert.Equal([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16], [17, 18, 19, 20]], net.block_group_info);
        Assert.Equal((1, 16, 2), (net.first_conv.in_channels, net.first_conv.out_channels, net.first_conv.stride));
        Assert.Equal(ActivationKind.HSwish, net.first_conv.act_func);

        var first = net.first_block;
        Assert.Same(first, net.blocks[0]);
        Assert.Equal((16, 16, 3, 1), (first.conv.in_channels, first.conv.out_channels, first.conv.kernel_size, first.conv.expand_ratio));
        Assert.Null(first.conv.inverted_bottleneck);
        Assert.True(first.has_shortcut);

        int[] widths = [24, 40, 80, 112, 160];
        int[] strides = [2, 2, 2, 1, 2];
        bool[] se = [false, true, false, true, true];
        ActivationKind[] acts = [ActivationKind.Relu, ActivationKind.Relu, ActivationKind.HSwish, ActivationKind.HSwish, ActivationKind.HSwish];
        for (var stage = 0; stage < 5; stage++)
        {
            for (var i = 0; i < 4; i++)
            {
                var block = net.elastic_blocks[(stage * 4) + i];
                Assert.Same(block, net.blocks[net.block_group_info[stage][i]]);
                Assert.Equal(widths[stage], block.conv.out_channels);
                Assert.Equal(i == 0 ? strides[stage] : 1, block.conv.stride);
                Assert.Equal((7, 6), (block.conv.active_kernel_size, block.conv.active_expand_ratio));
                Assert.Equal([3, 5, 7], block.conv.kernel_size_list);
                Assert.Equal(Channels.MakeDivisible(block.conv.in_channels * 6), block.conv.max_middle_channel);
                Assert.Equal(se[stage], block.conv.use_se);
                Assert.Equal(acts[stage], block.conv.act_func);
                Assert.Equal(i > 0, block.has_shortcut);
                Assert.Equal(block.conv.max_middle_channel, block.conv.depth_separable.conv.groups);
            }
        }

        var seModule = net.elastic_blocks[5].conv.depth_conv.se!;
        Assert.Equal((240, 64), (seModule.max_channel, seModule.max_mid_channel)); // 40 x 6 = 240, make_divisible(240 / 4) = 64
        Assert.Equal((160, 960), (net.final_expand_layer.in_channels, net.final_expand_layer.out_channels));
        Assert.Equal(1280, net.feature_mix_layer.out_channels);
        Assert.Null(net.feature_mix_layer.bn);
        Assert.Equal((1280, 10, 0.1), (net.classifier.in_features, net.classifier.out_features, net.classifier.dropout_rate));
    }

    [Theory]
    [InlineData(16 * 0.35, 8)]
    [InlineData(24 * 0.5, 16)]
    [InlineData(80 * 0.35, 32)]
    [InlineData(112 * 1.2, 136)]
    [InlineData(960 * 0.35, 336)]
    [InlineData(72 / 4, 24)]
    [InlineData(3, 8)]
    public void MakeDivisible_matches_the_reference(double value, int expected) =>
        Assert.Equal(expected, Channels.MakeDivisible(value));

    [Fact]
    public void Initial_weights_follow_ofa_he_fout_and_depend_only_on_the_seed()
    {
        using var a = new OfaMobileNetV3(Presets.PaperShapedSupernet, Fashion, 5);
        using var b = new OfaMobileNetV3(Presets.PaperShapedSupernet, Fashion, 5);
        using var c = new OfaMobileNetV3(Presets.PaperShapedSupernet, Fashion, 6);

        var conv = a.final_expand_layer.conv.weight!; // 960 x 160 x 1 x 1, fan_out = 960
        Assert.Equal(Math.Sqrt(2.0 / 960), conv.std().item<float>(), 3);
        Assert.Equal(0, conv.mean().item<float>(), 3);
        var bound = 1 / Math.Sqrt(1280);
        Assert.InRange(a.classifier.linear.weight!.abs().max().item<float>(), 0.9 * bound, bound);
        Assert.Equal(0, a.classifier.linear.bias!.abs().max().item<float>());
        Assert.Equal(1, a.first_conv.bn!.weight!.min().item<float>());
        Assert.Equal(0, a.elastic_blocks[4].conv.depth_conv.se!.reduce.bias!.abs().max().item<float>());

        Assert.True(Same(a.first_conv.conv.weight!, b.first_conv.conv.weight!));
        Assert.True(Same(a.classifier.linear.weight!, b.classifier.linear.weight!));
        Assert.False(Same(a.first_conv.conv.weight!, c.first_conv.conv.weight!));
    }

    [Fact]
    public void Dropout_masks_depend_on_the_step_seed_only_in_training()
    {
        using var net = new OfaMobileNetV3(Presets.TinySupernet with { Dropout = 0.5 }, Fashion, 1);
        using var x = randn(4, 1, 28, 28);
        Tensor Run(bool train, ulong seed)
        {
            net.train(train);
            net.classifier.SeedDropout(seed);
            using var noGrad = no_grad();

            // BN in training mode would move running statistics; the comparison is about the classifier only.
            return net.forward(x);
        }

        using var s1 = Run(true, 1);
        using var s1Again = Run(true, 1);
        using var s2 = Run(true, 2);
        using var e1 = Run(false, 1);
        using var e2 = Run(false, 2);

        Assert.True(Same(s1, s1Again));
        Assert.False(Same(s1, s2));
        Assert.True(Same(e1, e2));
    }

    [Fact]
    public void Train_and_eval_reach_every_batch_norm()
    {
        using var net = new OfaMobileNetV3(Presets.TinySupernet, Fashion, 1);
        var bn = (BatchNorm2d)net.named_modules().Last(m => m.module is BatchNorm2d).module;
        using var x = randn(8, 1, 28, 28);
        using var noGrad = no_grad();

        net.eval();
        net.forward(x).Dispose();
        var afterEval = bn.running_mean!.clone();
        net.train();
        net.forward(x).Dispose();

        Assert.True(Same(afterEval, zeros_like(afterEval)));
        Assert.False(Same(bn.running_mean!, afterEval));
    }
}
