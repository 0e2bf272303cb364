using System.Globalization;
using OfaExp.Core.Runs;
using Xunit.Abstractions;

namespace OfaExp.Storage.Tests;

public sealed class StorageBenchmarksTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_metrics_benchmark_stores_every_row_and_leaves_the_database_as_it_found_it()
    {
        var path = _dir.File("bench.db");
        var keep = TestRuns.Id("real run");
        using (var store = RunStore.Open(path))
        {
            store.EnsurePlanned([TestRuns.Planned(keep)]);
            store.AddMetrics(keep, [new MetricPoint(0, -1, "val/top1", 0.5)]);
        }

        var measurement = StorageBenchmarks.MeasureMetricsInsert(path, 200_000);

        // Reported, never asserted: a rate depends on the machine.
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"metrics insert: {measurement.RowsPerSecond:N0} rows/s ({measurement.RowsRequested} rows in {measurement.Elapsed.TotalMilliseconds:F1} ms)"));
        Assert.Equal(200_000L, measurement.RowsStored);
        using var reopened = RunStore.Open(path);
        Assert.Equal([keep], reopened.All().Select(r => r.Id));
        Assert.Equal([new MetricPoint(0, -1, "val/top1", 0.5)], reopened.Metrics(keep));
    }
}
