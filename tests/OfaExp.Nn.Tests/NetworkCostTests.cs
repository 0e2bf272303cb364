using OfaExp.Core.Costs;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Networks;

namespace OfaExp.Nn.Tests;

public class NetworkCostTests
{
    private static readonly DatasetInfo Fashion = DatasetInfo.Get("fashion-mnist");

    [Fact]
    public void Parameter_count_equals_the_static_network_s()
    {
        var space = new SubnetSpace(Presets.TinyElastic);
        foreach (var config in new[] { space.Max, space.Min }.Concat(Enumerable.Range(0, 6).Select(i => space.Sample((ulong)i))))
        {
            using var net = new MobileNetV3(Presets.TinyElastic, Fashion, config);
            var actual = net.parameters().Sum(p => p.numel());

            Assert.Equal(actual, NetworkCost.Of(Presets.TinyElastic, Fashion, config).Parameters);
        }
    }

    [Fact]
    public void Flops_match_a_hand_count_of_the_smallest_tiny_network()
    {
        // Width 0.35, kernel 3, expand 3, depth 1, 28x28, 1 channel, 10 classes (the existing tiny preset).
        var spec = Presets.TinySupernet;
        var config = new SubnetSpace(spec).Min;
        long Conv(long cin, long cout, long k, long pixels, long groups = 1) => cin / groups * k * k * cout * pixels;
        long SeOps(long c) => 2 * c * Channels.MakeDivisible(c / 4);

        // Widths: stem 8, first block 8, stages 8, 16, 32, 40, 56, final 336, last 448. Spatial: 14, 7, 4, 2, 2, 1.
        var expected = Conv(1, 8, 3, 14 * 14)
            + Conv(8, 8, 3, 14 * 14, 8) + Conv(8, 8, 1, 14 * 14)
            + Conv(8, 24, 1, 196) + Conv(24, 24, 3, 49, 24) + Conv(24, 8, 1, 49)
            + Conv(8, 24, 1, 49) + Conv(24, 24, 3, 16, 24) + SeOps(24) + Conv(24, 16, 1, 16)
            + Conv(16, 48, 1, 16) + Conv(48, 48, 3, 4, 48) + Conv(48, 32, 1, 4)
            + Conv(32, 96, 1, 4) + Conv(96, 96, 3, 4, 96) + SeOps(96) + Conv(96, 40, 1, 4)
            + Conv(40, 120, 1, 4) + Conv(120, 120, 3, 1, 120) + SeOps(120) + Conv(120, 56, 1, 1)
            + Conv(56, 336, 1, 1) + Conv(336, 448, 1, 1) + (448 * 10);

        Assert.Equal(expected, NetworkCost.Of(spec, Fashion, config).Flops);
    }

    [Fact]
    public void Flops_grow_with_every_elastic_dimension()
    {
        var spec = Presets.TinyElastic;
        var space = new SubnetSpace(spec);
        long Flops(SubnetConfig c) => NetworkCost.Of(spec, Fashion, c).Flops;
        for (ulong seed = 0; seed < 10; seed++)
        {
            var c = space.Sample(seed, space.All.WithKernels(3, 5).WithExpands(3, 4).WithDepths(2, 3).WithResolutions(24));
            var slot = (int)(seed % 5) * space.BlocksPerStage; // the first block of a stage always runs
            var kernels = c.Kernels.ToArray();
            kernels[slot] = 7;
            var expands = c.Expands.ToArray();
            expands[slot] = 6;
            var depths = c.Depths.ToArray();
            depths[(int)(seed % 5)] = 4;

            Assert.True(Flops(new SubnetConfig(kernels, c.Expands, c.Depths, 24)) > Flops(c));
            Assert.True(Flops(new SubnetConfig(c.Kernels, expands, c.Depths, 24)) > Flops(c));
            Assert.True(Flops(new SubnetConfig(c.Kernels, c.Expands, depths, 24)) > Flops(c));
            Assert.True(Flops(c.WithResolution(28)) > Flops(c));
            Assert.True(Flops(space.Max) >= Flops(c) && Flops(c) >= Flops(space.Min));
        }
    }
}
