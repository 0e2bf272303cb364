namespace OfaExp.Search.Tests;

public sealed class StatisticsTests
{
    private static readonly double[] Actual = [1, 2, 3, 4];
    private static readonly double[] Predicted = [1.5, 2, 2, 5];

    [Fact]
    public void Errors_match_hand_computed_values()
    {
        // Squared errors 0.25, 0, 1, 1: mean 0.5625.
        Assert.Equal(Math.Sqrt(0.5625), SearchStatistics.Rmse(Actual, Predicted), 12);

        // |e|/a: 0.5, 0, 1/3, 1/4 -> mean 1.0833/4 = 27.083%.
        Assert.Equal(100 * (0.5 + 0 + (1.0 / 3) + 0.25) / 4, SearchStatistics.MeanAbsolutePercentageError(Actual, Predicted), 12);

        // e/a: 0.5, 0, -1/3, 1/4: the underestimate of the third pair cancels part of the others.
        Assert.Equal(100 * (0.5 + 0 - (1.0 / 3) + 0.25) / 4, SearchStatistics.MeanPercentageError(Actual, Predicted), 12);
        Assert.Equal(-SearchStatistics.MeanPercentageError([2, 4], [3, 6]), SearchStatistics.MeanPercentageError([2, 4], [1, 2]), 12);
    }

    [Fact]
    public void Pearson_matches_a_hand_computed_value()
    {
        // x mean 2.5, y mean 2.625; dx = -1.5,-.5,.5,1.5; dy = -1.125,-.625,-.625,2.375.
        var sxy = (1.6875 + 0.3125 - 0.3125 + 3.5625);
        var sxx = 5.0;
        var syy = 1.265625 + 0.390625 + 0.390625 + 5.640625;
        Assert.Equal(sxy / Math.Sqrt(sxx * syy), SearchStatistics.Pearson(Actual, Predicted), 12);
        Assert.Equal(1.0, SearchStatistics.Pearson(Actual, [2, 4, 6, 8]), 12);
        Assert.True(double.IsNaN(SearchStatistics.Pearson(Actual, [1, 1, 1, 1])));
    }

    [Fact]
    public void Kendall_tau_b_handles_ties()
    {
        // Pairs of (1.5,2,2,5): (1,2)+ (1,3)+ (1,4)+ (2,3) tie in y, (2,4)+ (3,4)+: C=5, D=0, ties in y 1; tau-b = 5/sqrt(6*5).
        Assert.Equal(5 / Math.Sqrt(30), SearchStatistics.KendallTau(Actual, Predicted), 12);
        Assert.Equal(-1.0, SearchStatistics.KendallTau(Actual, [4, 3, 2, 1]), 12);
        Assert.Equal(1.0, SearchStatistics.KendallTau(Actual, Actual), 12);
    }

    [Fact]
    public void Unequal_lengths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => SearchStatistics.Rmse([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => SearchStatistics.MeanAbsolutePercentageError([0], [1]));
        Assert.Throws<ArgumentException>(() => SearchStatistics.MeanPercentageError([0], [1]));
    }
}
