using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Subnets;
using static TorchSharp.torch;

namespace OfaExp.Nn.Tests;

public class BnRecalibrationTests
{
    private static readonly DatasetInfo Fashion = DatasetInfo.Get("fashion-mnist");

    private static OfaMobileNetV3 Net(SubnetConfig? config = null)
    {
        var net = new OfaMobileNetV3(Presets.TinyElastic with { Dropout = 0 }, Fashion, 1);
        TestWeights.Randomize(net, 11);
        if (config is not null)
        {
            net.set_active_subnet(config);
        }

        return net;
    }

    private static Tensor[] Batches(int count, int size, long seed)
    {
        using var generator = new Generator(0, CPU);
        generator.manual_seed(seed);
        return [.. Enumerable.Range(0, count).Select(_ => randn([size, 1, 28, 28], generator: generator))];
    }

    private static SubnetConfig Narrow(OfaMobileNetV3 net) => net.space.Sample(4, net.space.All.WithExpands(3).WithDepths(2));

    [Fact]
    public void Running_statistics_become_the_size_weighted_mean_of_batch_statistics()
    {
        using var net = Net(Narrow(Net()));
        var batches = Batches(2, 4, 1).Append(Batches(1, 2, 2)[0]).ToArray();
        var bn = net.first_conv.bn!;

        BnRecalibration.Run(net, batches);

        // first_conv's BN input does not depend on any BN: compute its statistics by hand.
        using var noGrad = no_grad();
        var means = new List<Tensor>();
        var vars = new List<Tensor>();
        foreach (var x in batches)
        {
            var y = net.first_conv.conv.forward(x);
            var mean = y.mean([0, 2, 3]);
            means.Add(mean * x.shape[0]);
            vars.Add((y - mean.view(1, -1, 1, 1)).square().mean([0, 2, 3]) * x.shape[0]);
        }

        var total = batches.Sum(b => b.shape[0]);
        var expectedMean = stack(means).sum([0]) / total;
        var expectedVar = stack(vars).sum([0]) / total;
        Assert.True(TestWeights.MaxDiff(expectedMean, bn.running_mean!) < 1e-5, $"{TestWeights.MaxDiff(expectedMean, bn.running_mean!)}");
        Assert.True(TestWeights.MaxDiff(expectedVar / bn.running_var!, ones_like(expectedVar)) < 1e-5, $"{TestWeights.MaxDiff(expectedVar / bn.running_var!, ones_like(expectedVar))}");
    }

    [Fact]
    public void With_one_batch_the_recalibrated_eval_net_equals_the_batch_statistics_net()
    {
        // Eval after recalibrating on batch B normalises every layer with B's statistics, i.e. computes exactly what
        // training mode computes on B: a check that reaches every BN, sliced ones included, in the right order.
        var config = Narrow(Net());
        using var net = Net(config);
        var batch = Batches(1, 8, 3)[0];
        using var noGrad = no_grad();
        net.train();
        using var trainOutput = net.forward(batch);

        BnRecalibration.Run(net, [batch]);

        Assert.True(net.training);
        net.eval();
        using var evalOutput = net.forward(batch);
        Assert.True(TestWeights.MaxDiff(trainOutput, evalOutput) < 1e-4, $"{TestWeights.MaxDiff(trainOutput, evalOutput)}");
    }

    [Fact]
    public void Only_the_active_statistics_change_and_recalibration_is_deterministic()
    {
        var config = Narrow(Net());
        using var a = Net(config);
        using var b = Net(config);
        a.eval();
        b.eval();
        var before = a.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        var count = BnRecalibration.Run(a, Batches(2, 4, 5));
        BnRecalibration.Run(b, Batches(2, 4, 5));

        Assert.False(a.training);
        var block = a.elastic_blocks[0].conv;
        var middle = block.active_middle_channel;
        var prefix = "blocks.1.conv.depth_conv.bn.bn.";
        Assert.False(TestWeights.Same(before[prefix + "running_mean"][..middle], a.state_dict()[prefix + "running_mean"][..middle]));
        var afterB = b.state_dict();
        foreach (var (name, value) in a.state_dict())
        {
            Assert.True(TestWeights.Same(value, afterB[name]), name);
            if (!name.EndsWith("running_mean", StringComparison.Ordinal) && !name.EndsWith("running_var", StringComparison.Ordinal))
            {
                Assert.True(TestWeights.Same(value, before[name]), name); // parameters and num_batches_tracked
            }
        }

        // The sliced BN keeps the statistics of its inactive channels.
        Assert.True(TestWeights.Same(before[prefix + "running_var"][middle..], a.state_dict()[prefix + "running_var"][middle..]));

        // Blocks beyond the active depth keep their statistics: slot 3 of stage 0 does not run at depth 2.
        var skipped = "blocks.4.conv.point_linear.bn.bn.running_mean";
        Assert.True(TestWeights.Same(before[skipped], a.state_dict()[skipped]));

        // first_conv, blocks.0 (depth_conv and point_linear: no expand conv), final_expand_layer, 3 per active block.
        Assert.Equal(1 + 2 + 1 + (config.Depths.Sum() * 3), count);
        Assert.Throws<ArgumentException>(() => BnRecalibration.Run(a, []));
    }
}
