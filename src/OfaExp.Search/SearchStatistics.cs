namespace OfaExp.Search;

/// <summary>Agreement between predicted and measured accuracies (or any two paired series).</summary>
public static class SearchStatistics
{
    public static double Rmse(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        Check(actual, predicted, 1);
        var sum = 0.0;
        for (var i = 0; i < actual.Count; i++)
        {
            var d = predicted[i] - actual[i];
            sum += d * d;
        }

        return Math.Sqrt(sum / actual.Count);
    }

    /// <summary>Mean |predicted - actual| / |actual| in percent.</summary>
    /// <exception cref="ArgumentException">An actual value is zero.</exception>
    public static double MeanAbsolutePercentageError(IReadOnlyList<double> actual, IReadOnlyList<double> predicted) =>
        MeanPercent(actual, predicted, Math.Abs, "MAPE");

    /// <summary>
    /// Mean (predicted - actual) / actual in percent: the signed error, which MAPE hides. Above 0 the prediction
    /// overstates on average (a latency table that sums per-layer timings tends to: each layer timed alone pays its
    /// own call overhead and starts with cold caches).
    /// </summary>
    /// <exception cref="ArgumentException">An actual value is zero.</exception>
    public static double MeanPercentageError(IReadOnlyList<double> actual, IReadOnlyList<double> predicted) =>
        MeanPercent(actual, predicted, e => e, "The mean percentage error");

    /// <summary>100 x the mean of <paramref name="shape"/>((predicted - actual) / actual).</summary>
    private static double MeanPercent(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, Func<double, double> shape, string name)
    {
        Check(actual, predicted, 1);
        var sum = 0.0;
        for (var i = 0; i < actual.Count; i++)
        {
            if (actual[i] == 0)
            {
                throw new ArgumentException($"{name} is undefined when an actual value is zero.", nameof(actual));
            }

            sum += shape((predicted[i] - actual[i]) / actual[i]);
        }

        return 100.0 * sum / actual.Count;
    }

    /// <summary>Pearson's r; NaN when either series is constant.</summary>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Check(x, y, 2);
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            var dx = x[i] - mx;
            var dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Kendall's tau-b (ties in either series handled); NaN when either series is constant. O(n^2), fine for evaluation sets.</summary>
    public static double KendallTau(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Check(x, y, 2);
        long concordant = 0, discordant = 0, tiesX = 0, tiesY = 0;
        for (var i = 0; i < x.Count; i++)
        {
            for (var j = i + 1; j < x.Count; j++)
            {
                var dx = Math.Sign(x[i] - x[j]);
                var dy = Math.Sign(y[i] - y[j]);
                if (dx == 0 && dy == 0)
                {
                    continue;
                }

                if (dx == 0)
                {
                    tiesX++;
                }
                else if (dy == 0)
                {
                    tiesY++;
                }
                else if (dx == dy)
                {
                    concordant++;
                }
                else
                {
                    discordant++;
                }
            }
        }

        var denominator = Math.Sqrt((double)(concordant + discordant + tiesX) * (concordant + discordant + tiesY));
        return denominator == 0 ? double.NaN : (concordant - discordant) / denominator;
    }

    private static void Check(IReadOnlyList<double> a, IReadOnlyList<double> b, int min)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count || a.Count < min)
        {
            throw new ArgumentException($"Two series of equal length (at least {min}) are needed; got {a.Count} and {b.Count}.", nameof(b));
        }
    }
}
