using OfaExp.Core.Spec;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Training;
using static TorchSharp.torch;

namespace OfaExp.Nn.Tests;

public class TorchTargetTests
{
    private static readonly DatasetInfo Fashion = DatasetInfo.Get("fashion-mnist");

    [Fact]
    public void A_float64_network_is_created_without_touching_the_process_wide_default_dtype()
    {
        var target = new TorchTarget(CPU, ScalarType.Float64);
        ScalarType? duringConstruction = null;

        using var net = target.Create(dtype =>
        {
            duringConstruction = get_default_dtype();
            return new OfaMobileNetV3(Presets.TinyElastic, Fashion, 1, dtype);
        });

        Assert.Equal(ScalarType.Float32, duringConstruction);
        Assert.Equal(ScalarType.Float32, get_default_dtype());
        Assert.All(net.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
    }

    [Fact]
    public void Float64_initial_weights_are_drawn_in_float64_not_widened_from_float32()
    {
        using var wide = new OfaMobileNetV3(Presets.TinyElastic, Fashion, 1, ScalarType.Float64);
        using var narrow = new OfaMobileNetV3(Presets.TinyElastic, Fashion, 1);
        using var again = new OfaMobileNetV3(Presets.TinyElastic, Fashion, 1, ScalarType.Float64);

        var w = wide.first_conv.conv.weight!;
        var n = narrow.first_conv.conv.weight!;
        Assert.True(w.allclose(again.first_conv.conv.weight!, rtol: 0, atol: 0), "the same seed must draw the same float64 weights");
        // A widened float32 draw would be exactly representable in float32; draws made in float64 are not.
        using var roundTrip = w.to(ScalarType.Float32).to(ScalarType.Float64);
        Assert.False(w.allclose(roundTrip, rtol: 0, atol: 0));
        Assert.Equal(ScalarType.Float32, n.dtype);
    }
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_channels_last_batch_keeps_its_values_and_gets_nhwc_strides_even_with_one_channel(int channels)
    {
        using var images = randn([4, channels, 6, 5]);
        using var arranged = new TorchTarget(CPU, ScalarType.Float32, MemoryFormat.ChannelsLast).Arrange(images);

        Assert.Equal(images.shape, arranged.shape);
        Assert.Equal([6L * 5 * channels, 1, 5L * channels, channels], arranged.stride());
        Assert.True(images.allclose(arranged, rtol: 0, atol: 0));
        Assert.Same(images, new TorchTarget(CPU, ScalarType.Float32).Arrange(images));
    }

    /// <summary>
    /// Laying out the input lays out the network: the stem's activation comes out channels-last (for Fashion-MNIST's
    /// one channel too), and every supernet variant computes the same logits in either layout up to float32 rounding.
    /// </summary>
    [Theory]
    [InlineData(SupernetExits.Single, SupernetBlocks.Base)]
    [InlineData(SupernetExits.Early, SupernetBlocks.Dense)]
    [InlineData(SupernetExits.Early, SupernetBlocks.DenseParallel)]
    public void A_channels_last_input_runs_the_network_channels_last_to_the_same_logits(SupernetExits exits, SupernetBlocks blocks)
    {
        using var scope = NewDisposeScope();
        using var net = new OfaMobileNetV3(Presets.TinyElastic with { Exits = exits, Blocks = blocks }, Fashion, 1);
        net.eval();
        using var images = randn([8, 1, 28, 28], generator: new Generator(3));
        var arranged = new TorchTarget(CPU, ScalarType.Float32, MemoryFormat.ChannelsLast).Arrange(images);

        var stem = net.first_conv.forward(arranged);
        Assert.Equal(1, stem.stride(1));
        using var noGrad = no_grad();
        var expected = net.forward(images);
        var actual = net.forward(arranged);
        Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-5), $"largest difference {(actual - expected).abs().max().item<float>()}");
    }
    /// <summary>
    /// A training step's gradients are the same in both layouts up to float32 rounding: channels-last changes the
    /// kernels, not what is computed (a random subnet in training mode, so batch statistics and sliced weights count).
    /// </summary>
    [Fact]
    public void A_channels_last_training_step_gives_the_same_gradients()
    {
        using var scope = NewDisposeScope();
        using var images = randn([16, 1, 28, 28], generator: new Generator(5));
        using var labels = randint(10, [16], generator: new Generator(6));
        var space = new Core.Subnets.SubnetSpace(Presets.TinyElastic);
        var subnet = space.Sample(11);
        Tensor[] Gradients(MemoryFormat format)
        {
            var net = new OfaMobileNetV3(Presets.TinyElastic with { Dropout = 0 }, Fashion, 1);
            net.train();
            net.set_active_subnet(subnet);
            var loss = Losses.LabelSmoothedCrossEntropy(net.forward(new TorchTarget(CPU, ScalarType.Float32, format).Arrange(images)), labels, 0.1);
            loss.backward();
            return [.. net.parameters().Where(p => p.grad is not null).Select(p => p.grad!.detach().clone())];
        }

        var nchw = Gradients(MemoryFormat.Contiguous);
        var nhwc = Gradients(MemoryFormat.ChannelsLast);
        Assert.Equal(nchw.Length, nhwc.Length);
        Assert.NotEmpty(nchw);
        // Gradients that are zero up to rounding (a BN bias ahead of another BN) differ by rounding noise of about 1e-6.
        for (var i = 0; i < nchw.Length; i++)
        {
            var scale = nchw[i].abs().max().item<float>();
            var diff = (nhwc[i] - nchw[i]).abs().max().item<float>();
            Assert.True(diff <= 1e-4 * scale + 1e-5, $"gradient {i} ({string.Join("x", nchw[i].shape)}): largest difference {diff}, largest value {scale}");
        }
    }
}
