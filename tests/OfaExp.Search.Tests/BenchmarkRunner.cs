using System.Globalization;
using Xunit.Abstractions;

namespace OfaExp.Search.Tests;

/// <summary>
/// Runs <see cref="SearchBenchmark"/> and prints its figures when OFAEXP_SEARCH_BENCH is set (e.g. to "1" or to
/// "1:63" for 63 follow-up generations); otherwise it returns at once. It asserts no timing.
/// </summary>
public sealed class BenchmarkRunner(ITestOutputHelper output)
{
    [Fact]
    public void Prints_the_benchmark_when_asked()
    {
        var env = Environment.GetEnvironmentVariable("OFAEXP_SEARCH_BENCH");
        if (string.IsNullOrEmpty(env))
        {
            return;
        }

        var parts = env.Split(':');
        var threads = int.Parse(parts[0], CultureInfo.InvariantCulture);
        foreach (var n2 in parts.Length > 1 ? parts[1].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)) : [100])
        {
            var result = SearchBenchmark.Run(new SearchBenchmarkOptions(FollowUpGenerations: n2, Threads: threads));
            var text = string.Create(
                CultureInfo.InvariantCulture,
                $"threads {result.Threads} N2 {n2}: single {result.SingleTargetSeconds:F3}s cold {result.SingleTargetColdSeconds:F3}s (target {result.SingleTargetTarget:F1}, acc {result.SingleTargetAccuracy:F3}, evals {result.SingleTargetEvaluations})");
            output.WriteLine(text);
            File.AppendAllText("/tmp/search-bench.txt", text + "\n");
            foreach (var s in result.Strategies)
            {
                var line = string.Create(CultureInfo.InvariantCulture, $"  {s.Strategy}: {s.Seconds:F3}s x{s.Speedup:F2} |dacc| {s.MeanAbsAccuracyDifference:F4} evals {s.PredictorEvaluations}");
                output.WriteLine(line);
                File.AppendAllText("/tmp/search-bench.txt", line + "\n");
            }
        }
    }
}
