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
}
