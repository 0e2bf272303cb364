using OfaExp.Core.Costs;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Subnets;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Tests;

/// <summary>OFAv2's eight supernets {SE, EE} x {B, D, P, DP}: extraction, exits, dense links, branches, BN, cost.</summary>
public class VariantNetworkTests
{
    private static readonly DatasetInfo Fashion = DatasetInfo.Get("fashion-mnist");

    public static TheoryData<SupernetExits, SupernetBlocks> Variants()
    {
        var data = new TheoryData<SupernetExits, SupernetBlocks>();
        foreach (var exits in Enum.GetValues<SupernetExits>())
        {
            foreach (var blocks in Enum.GetValues<SupernetBlocks>())
            {
                data.Add(exits, blocks);
            }
        }

        return data;
    }

    private static SupernetSpec Spec(SupernetExits exits, SupernetBlocks blocks, double dropout = 0.1) =>
        Presets.TinyElastic with { Exits = exits, Blocks = blocks, Dropout = dropout };

    private static OfaMobileNetV3 RandomNet(SupernetSpec spec, long seed = 3)
    {
        var net = new OfaMobileNetV3(spec, Fashion, 1);
        TestWeights.Randomize(net, seed);
        return net;
    }

    /// <summary>Copies every tensor of <paramref name="target"/> from the same name in <paramref name="source"/>.</summary>
    private static void CopyShared(nn.Module source, nn.Module target)
    {
        var from = source.state_dict();
        using var noGrad = no_grad();
        foreach (var (name, tensor) in target.state_dict())
        {
            tensor.copy_(from[name]);
        }
    }

    private static Tensor Ensemble(Tensor[] logits) =>
        logits.Select((z, i) => z * ExitWeights.Values[i]).Aggregate((a, b) => a + b);

    [Theory]
    [MemberData(nameof(Variants))]
    public void Extracted_subnets_compute_what_the_supernet_computes(SupernetExits exits, SupernetBlocks blocks)
    {
        var spec = Spec(exits, blocks);
        using var net = RandomNet(spec);
        net.eval();
        using var x = randn(2, 1, 28, 28);
        using var x24 = randn(2, 1, 24, 24);
        using var noGrad = no_grad();
        var space = net.space;
        var configs = new[] { space.Max, space.Min }.Concat(Enumerable.Range(0, 4).Select(i => space.Sample((ulong)i + 100))).ToList();
        foreach (var config in configs)
        {
            net.set_active_subnet(config);
            using var sub = net.get_active_subnet();
            Assert.Equal(config, sub.config);
            foreach (var input in new[] { x, x24 })
            {
                using var expected = net.forward(input);
                using var actual = sub.forward(input);
                Assert.True(TestWeights.MaxDiff(expected, actual) < 1e-5, $"{spec.Variant} {config}: {TestWeights.MaxDiff(expected, actual)}");
            }
        }

        if (!spec.HasEarlyExits)
        {
            return;
        }

        // All exits: the max net and a random one with the last exit.
        foreach (var config in new[] { space.Max, space.Sample(7).WithExit(5) })
        {
            net.set_active_subnet(config);
            using var all = net.get_active_subnet(allExits: true);
            Assert.Equal(4, all.exits!.Count);
            var expected = net.forward_exits(x);
            var actual = all.forward_exits(x);
            Assert.Equal(5, expected.Length);
            Assert.Equal(5, actual.Length);
            for (var i = 0; i < 5; i++)
            {
                Assert.True(TestWeights.MaxDiff(expected[i], actual[i]) < 1e-5, $"{spec.Variant} {config} exit {i + 1}");
            }

            using var ensemble = Ensemble(expected);
            using var output = all.forward(x);
            Assert.True(TestWeights.MaxDiff(ensemble, output) < 1e-5, $"{spec.Variant} {config} ensemble");
            using var last = net.forward(x);
            Assert.True(TestWeights.Same(last, expected[4]));
        }

        Assert.Throws<ArgumentException>(() =>
        {
            net.set_active_subnet(space.Max.WithExit(3));
            return net.get_active_subnet(allExits: true);
        });
    }

    [Theory]
    [InlineData(SupernetBlocks.Base)]
    [InlineData(SupernetBlocks.DenseParallel)]
    public void Early_exits_run_only_the_stages_up_to_the_exit(SupernetBlocks blocks)
    {
        var spec = Spec(SupernetExits.Early, blocks);
        using var ee = RandomNet(spec);
        using var se = RandomNet(Spec(SupernetExits.Single, blocks));
        ee.eval();
        se.eval();
        using var x = randn(2, 1, 28, 28);
        var noGrad = no_grad();

        Assert.Equal(5, ee.forward_exits(x).Length);
        Assert.Single(se.forward_exits(x));
        Assert.Equal(4, ee.exits!.Count);
        Assert.Null(se.exits);

        var blocksOnly = ee.space.Sample(11);
        foreach (var exit in new[] { 1, 2, 4 })
        {
            var early = blocksOnly.WithExit(exit);
            ee.set_active_subnet(blocksOnly.WithExit(5));
            var all = ee.forward_exits(x);
            ee.set_active_subnet(early);
            using var y = ee.forward(x);
            var upToExit = ee.forward_exits(x);

            Assert.Equal(exit, upToExit.Length);
            Assert.True(TestWeights.MaxDiff(all[exit - 1], y) < 1e-6);
            Assert.True(NetworkCost.Of(spec, Fashion, early).Flops < NetworkCost.Of(spec, Fashion, early.WithExit(exit + 1)).Flops);
            using var sub = ee.get_active_subnet();
            Assert.Equal(
                Enumerable.Range(0, exit).Sum(s => Enumerable.Range(0, early.Depths[s]).Count(i => (early.Branches[(s * 4) + i] & 1) != 0)) + 1,
                sub.blocks.Count);
        }

        noGrad.Dispose();

        // Stages after the exit get no gradient.
        ee.train();
        ee.set_active_subnet(ee.space.Max.WithExit(2));
        ee.forward(x).sum().backward();
        Assert.Null(ee.elastic_blocks[8].conv.point_linear_conv.conv.weight!.grad);
        Assert.NotNull(ee.elastic_blocks[4].conv.point_linear_conv.conv.weight!.grad);
        Assert.Null(ee.classifier.linear.weight!.grad);
        Assert.NotNull(ee.exits![1].classifier.linear.weight!.grad);
    }

    [Fact]
    public void Dense_links_follow_the_active_depth()
    {
        using var dense = RandomNet(Spec(SupernetExits.Single, SupernetBlocks.Dense, dropout: 0));
        using var plain = new OfaMobileNetV3(Spec(SupernetExits.Single, SupernetBlocks.Base, dropout: 0), Fashion, 1);
        CopyShared(dense, plain);
        dense.eval();
        plain.eval();
        using var x = randn(2, 1, 28, 28);
        using var noGrad = no_grad();
        var space = dense.space;

        // Depth 2 everywhere: no dense link exists (y_1 feeds block 2, y_2 leaves the stage).
        foreach (var config in new[] { space.Min, space.Sample(3, space.All.WithDepths(2)) })
        {
            dense.set_active_subnet(config);
            plain.set_active_subnet(config);
            Assert.True(TestWeights.Same(dense.forward(x), plain.forward(x)), config.ToString());
        }

        // One stage at depth 3: its output gains y_1. Compared in training mode: with random running statistics the
        // eval-mode logits of this tiny network hardly depend on the input, batch statistics keep the signal.
        var depth3 = new SubnetConfig(space.Min.Kernels, space.Min.Expands, [2, 2, 3, 2, 2], 28);
        dense.set_active_subnet(depth3);
        plain.set_active_subnet(depth3);
        dense.train();
        plain.train();
        using (var yDense = dense.forward(x))
        using (var yPlain = plain.forward(x))
        {
            Assert.True(TestWeights.MaxDiff(yDense, yPlain) > 1e-3, $"{TestWeights.MaxDiff(yDense, yPlain)}");
        }

        // The stage rule by hand on stage 3 (slots 8..11) at depth 4: out = y4 + y1 + y2, block 4 reads y3 + y1.
        var depth4 = new SubnetConfig(space.Max.Kernels, space.Max.Expands, [2, 2, 4, 2, 2], 28, exit: null);
        dense.set_active_subnet(depth4);
        var input = randn(2, dense.layout.StageWidths[1], 4, 4);
        var b = dense.elastic_blocks;
        var y1 = b[8].forward(input);
        var y2 = b[9].forward(y1);
        var y3 = b[10].forward(y2);
        var y4 = b[11].forward(y3 + y1);
        var expected = y4 + y1 + y2;
        var actual = StageForward.Run(input.clone(), 4, (i, t) => b[8 + i].forward(t), dense: true);
        Assert.True(TestWeights.MaxDiff(expected, actual) < 1e-6);
    }

    [Fact]
    public void Parallel_masks_pick_the_summed_branches()
    {
        var spec = Spec(SupernetExits.Single, SupernetBlocks.Parallel);
        using var parallel = RandomNet(spec);
        using var plain = new OfaMobileNetV3(Spec(SupernetExits.Single, SupernetBlocks.Base), Fashion, 1);
        CopyShared(parallel, plain);
        Assert.Equal(20, parallel.parallel_branches!.Count);
        Assert.Null(plain.parallel_branches);
        Assert.All(plain.state_dict().Keys, k => Assert.Contains(k, parallel.state_dict().Keys));
        parallel.eval();
        plain.eval();
        using var x = randn(2, 1, 28, 28);
        using var noGrad = no_grad();
        var space = parallel.space;
        var mbConvOnly = space.Uniform(5, 4, 3, 28, level: 1);

        parallel.set_active_subnet(mbConvOnly);
        plain.set_active_subnet(mbConvOnly);
        using var reference = plain.forward(x);
        Assert.True(TestWeights.Same(parallel.forward(x), reference));

        var outputs = new List<Tensor>();
        foreach (var mask in new[] { 2, 3, 4, 5, 6, 7 })
        {
            var config = new SubnetConfig(mbConvOnly.Kernels, mbConvOnly.Expands, mbConvOnly.Depths, 28, branches: Enumerable.Repeat(mask, 20));
            parallel.set_active_subnet(config);
            var y = parallel.forward(x);
            Assert.True(TestWeights.MaxDiff(y, reference) > 1e-3, $"mask {mask}");
            Assert.All(outputs, o => Assert.True(TestWeights.MaxDiff(o, y) > 1e-3, $"mask {mask}"));
            outputs.Add(y);
        }

        // One block position: the sum of its branches.
        var slot = 4; // first block of stage 2: stride 2, width change
        var input = randn(2, parallel.layout.StageWidths[0], 7, 7);
        var branches = parallel.parallel_branches[slot];
        var sum = parallel.elastic_blocks[slot].forward(input) + branches.conv1x1!.forward(input) + branches.transformation!.forward(input);
        Assert.True(TestWeights.MaxDiff(sum, StageForward.Block(input, parallel.elastic_blocks[slot], branches.conv1x1, branches.transformation)) < 1e-6);
        Assert.Equal([2, 16, 4, 4], branches.transformation.forward(input).shape);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Bn_recalibration_reaches_every_part_of_every_variant(SupernetExits exits, SupernetBlocks blocks)
    {
        var spec = Spec(exits, blocks, dropout: 0);
        using var net = RandomNet(spec, 11);
        net.set_active_subnet(net.space.Sample(21).WithExit(5));
        using var a = net.get_active_subnet(allExits: true);
        using var b = net.get_active_subnet(allExits: true);
        a.eval();
        b.eval();
        using var generator = new Generator(0, CPU);
        generator.manual_seed(5);
        var batches = Enumerable.Range(0, 2).Select(_ => randn([4, 1, 28, 28], generator: generator)).ToArray();
        var before = a.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        var count = BnRecalibration.Run(a, batches);
        BnRecalibration.Run(b, batches);

        // Every BN of an extracted network is active (all exit heads run in the ensemble forward).
        var bns = a.named_modules().Where(m => m.module is BatchNorm2d).Select(m => m.name).ToList();
        Assert.Equal(bns.Count, count);
        var after = a.state_dict();
        var afterB = b.state_dict();
        foreach (var name in bns)
        {
            Assert.False(TestWeights.Same(before[name + ".running_mean"], after[name + ".running_mean"]), name);
        }

        Assert.All(after, kv => Assert.True(TestWeights.Same(kv.Value, afterB[kv.Key]), kv.Key));

        // Recalibrated on one batch, eval mode computes what training mode computes on that batch (up to float
        // rounding, which 1x1 maps of 4 images amplify; a BN left out would differ by the output's own size).
        using var noGrad = no_grad();
        var batch = batches[0];
        a.train();
        using var trainOutput = a.forward(batch);
        BnRecalibration.Run(a, [batch]);
        a.eval();
        using var evalOutput = a.forward(batch);
        var scale = trainOutput.abs().max().item<float>();
        Assert.True(TestWeights.MaxDiff(trainOutput, evalOutput) < 3e-3 * scale, $"{spec.Variant}: {TestWeights.MaxDiff(trainOutput, evalOutput)} of {scale}");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Cost_counts_the_parameters_of_the_static_network(SupernetExits exits, SupernetBlocks blocks)
    {
        var spec = Spec(exits, blocks);
        var space = new SubnetSpace(spec);
        foreach (var config in new[] { space.Max, space.Min }.Concat(Enumerable.Range(0, 4).Select(i => space.Sample((ulong)i))))
        {
            using var net = new MobileNetV3(spec, Fashion, config);
            Assert.Equal(net.parameters().Sum(p => p.numel()), NetworkCost.Of(spec, Fashion, config).Parameters);
            if (spec.HasEarlyExits)
            {
                var last = config.WithExit(5);
                using var all = new MobileNetV3(spec, Fashion, last, allExits: true);
                Assert.Equal(all.parameters().Sum(p => p.numel()), NetworkCost.Of(spec, Fashion, last, allExits: true).Parameters);
                Assert.True(NetworkCost.Of(spec, Fashion, last, allExits: true).Flops > NetworkCost.Of(spec, Fashion, last).Flops);
            }
        }
    }

    [Fact]
    public void More_branches_and_later_exits_cost_more_flops()
    {
        var spec = Spec(SupernetExits.Early, SupernetBlocks.DenseParallel);
        var space = new SubnetSpace(spec);
        long Flops(SubnetConfig c) => NetworkCost.Of(spec, Fashion, c).Flops;
        var c = space.Uniform(5, 4, 3, 28, level: 1, exit: 3);
        SubnetConfig WithMask(int mask) => new(c.Kernels, c.Expands, c.Depths, 28, c.Exit, Enumerable.Repeat(mask, 20));

        Assert.True(Flops(WithMask(3)) > Flops(c));
        Assert.True(Flops(WithMask(5)) > Flops(c));
        Assert.True(Flops(WithMask(7)) > Flops(WithMask(3)));
        Assert.True(Flops(WithMask(7)) > Flops(WithMask(6)));
        Assert.True(Flops(c.WithExit(4)) > Flops(c));
        Assert.True(Flops(c.WithExit(2)) < Flops(c));
        Assert.Equal(
            NetworkCost.Of(Presets.TinyElastic, Fashion, space.Uniform(5, 4, 3, 28, 1, 5)),
            NetworkCost.Of(spec, Fashion, space.Uniform(5, 4, 3, 28, 1, 5)));
    }

    [Fact]
    public void Exit_dropout_seeds_match_between_supernet_and_extracted_network()
    {
        var spec = Spec(SupernetExits.Early, SupernetBlocks.Base, dropout: 0.5);
        using var net = RandomNet(spec);
        using var x = randn(2, 1, 28, 28);
        using var noGrad = no_grad();
        net.set_max_net();
        using var all = net.get_active_subnet(allExits: true);
        net.train();
        all.train();

        net.SeedDropout(9);
        var expected = net.forward_exits(x);
        all.SeedDropout(9);
        var actual = all.forward_exits(x);
        net.SeedDropout(10);
        var other = net.forward_exits(x);

        for (var i = 0; i < 5; i++)
        {
            Assert.True(TestWeights.MaxDiff(expected[i], actual[i]) < 1e-5, $"exit {i + 1}");
            Assert.False(TestWeights.Same(expected[i], other[i]), $"exit {i + 1}");
        }

        // A single-exit subnet seeds its head as the supernet seeds that exit.
        net.set_active_subnet(net.space.Max.WithExit(3));
        using var single = net.get_active_subnet();
        single.train();
        net.SeedDropout(9);
        using var fromSupernet = net.forward(x);
        single.SeedDropout(9);
        using var fromStatic = single.forward(x);
        Assert.True(TestWeights.MaxDiff(fromSupernet, fromStatic) < 1e-5);
    }

    [Fact]
    public void New_modules_do_not_change_the_initial_weights_of_ofa_s()
    {
        using var ofa = new OfaMobileNetV3(Presets.TinyElastic, Fashion, 5);
        using var eedp = new OfaMobileNetV3(Spec(SupernetExits.Early, SupernetBlocks.DenseParallel), Fashion, 5);
        var all = eedp.state_dict();
        foreach (var (name, tensor) in ofa.state_dict())
        {
            Assert.True(TestWeights.Same(tensor, all[name]), name);
        }

        Assert.Contains("exits.0.final_expand_layer.conv.weight", all.Keys);
        Assert.Contains("parallel_branches.4.transformation.conv.weight", all.Keys);
        Assert.Contains("parallel_branches.5.conv1x1.bn.weight", all.Keys);
        Assert.DoesNotContain("parallel_branches.5.transformation.conv.weight", all.Keys); // same width: no conv
    }
}
