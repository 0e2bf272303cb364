using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using OfaExp.Core.Runs;

namespace OfaExp.Storage;

/// <summary>Throughput measurements of the store, for 'ofaexp bench store'.</summary>
public static class StorageBenchmarks
{
    private const string BenchExperiment = "__bench__";

    /// <summary>
    /// Rows per second of one <see cref="RunStore.AddMetrics"/> call of <paramref name="rows"/> rows into the database at
    /// <paramref name="dbPath"/> (created when missing). The benchmark's run and rows are removed afterwards, but
    /// a scratch path is still the better choice: the timing includes whatever else the database holds.
    /// </summary>
    public static double MetricsInsertRate(string dbPath, int rows) => MeasureMetricsInsert(dbPath, rows).RowsPerSecond;

    internal static MetricsInsertMeasurement MeasureMetricsInsert(string dbPath, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        using var store = RunStore.Open(dbPath);
        var runId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("ofaexp store benchmark run")));
        store.RemoveBenchmarkRun(runId);
        store.EnsurePlanned([new RunRecord(
            runId, BenchExperiment, "bench", null, "{}", RunStatus.Pending, 0, null, null, null, null, null, null,
            DateTimeOffset.UnixEpoch, null, null, null, null, null)]);
        try
        {
            // Untimed warm-up so the figure excludes JIT compilation and statement preparation paths.
            store.AddMetrics(runId, Points(1_000));
            store.DeleteMetricsAfter(runId, -1);

            var points = Points(rows);
            var stopwatch = Stopwatch.StartNew();
            store.AddMetrics(runId, points);
            stopwatch.Stop();
            return new MetricsInsertMeasurement(rows, store.CountMetrics(runId), stopwatch.Elapsed);
        }
        finally
        {
            store.RemoveBenchmarkRun(runId);
        }
    }

    // Shaped like training output: a few names per step, steps grouped into epochs.
    private static List<MetricPoint> Points(int rows)
    {
        string[] names = ["train/loss", "train/top1", "train/lr", "train/kd_loss"];
        var points = new List<MetricPoint>(rows);
        for (var i = 0; i < rows; i++)
        {
            var step = i / names.Length;
            points.Add(new MetricPoint(step / 1_000, step, names[i % names.Length], i * 1e-3));
        }

        return points;
    }
}
