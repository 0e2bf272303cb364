using OfaExp.Core.Search;

namespace OfaExp.Core.Tests;

public class EfficiencyTargetTests
{
    [Theory]
    [InlineData("120MFLOPs", 120, EfficiencyKind.Flops)]
    [InlineData("3.5mflops", 3.5, EfficiencyKind.Flops)]
    [InlineData(" 15ms", 15, EfficiencyKind.Latency)]
    public void Targets_carry_their_unit(string text, double value, EfficiencyKind kind)
    {
        var target = EfficiencyTarget.Parse(text);

        Assert.Equal(new EfficiencyTarget(value, kind), target);
        Assert.Equal(target, EfficiencyTarget.Parse(target.ToString()));
    }

    [Theory]
    [InlineData("120")]
    [InlineData("-3ms")]
    [InlineData("0MFLOPs")]
    [InlineData("fastms")]
    [InlineData("5s")]
    public void Anything_else_is_refused_with_the_expected_form(string text)
    {
        var e = Assert.Throws<FormatException>(() => EfficiencyTarget.Parse(text));
        Assert.Contains("e.g. 120MFLOPs or 15ms", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Measurements_are_named_so()
    {
        Assert.True(MeasurementMetrics.IsMeasurement("search_seconds"));
        Assert.True(MeasurementMetrics.IsMeasurement(MeasurementMetrics.LatencyCheckPearson));
        Assert.False(MeasurementMetrics.IsMeasurement("mean_abs_predicted_diff"));
        Assert.False(MeasurementMetrics.IsMeasurement("val_top1"));
    }
}
