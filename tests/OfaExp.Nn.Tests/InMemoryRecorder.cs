using OfaExp.Core.Execution;
using OfaExp.Core.Runs;

namespace OfaExp.Nn.Tests;

/// <summary>An IRunRecorder that keeps everything in memory, like the run store would, and can react to checkpoints.</summary>
internal sealed class InMemoryRecorder(string runId = "run-under-test") : IRunRecorder
{
    public string RunId { get; } = runId;

    public List<IReadOnlyList<MetricPoint>> MetricCalls { get; } = [];

    public List<RunCheckpoint> Checkpoints { get; } = [];

    public List<SubnetEvaluation> Evaluations { get; } = [];

    public int Heartbeats { get; private set; }

    /// <summary>Called after each end-of-epoch SaveCheckpoint; tests use it to interrupt a run.</summary>
    public Action<int>? AfterCheckpoint { get; set; }

    public IEnumerable<MetricPoint> Metrics => MetricCalls.SelectMany(c => c);

    public void RecordMetrics(IReadOnlyList<MetricPoint> metrics) => MetricCalls.Add(metrics.ToList());

    public void SaveCheckpoint(int epoch, byte[] bytes)
    {
        Checkpoints.Add(new RunCheckpoint(epoch, bytes.ToArray()));
        AfterCheckpoint?.Invoke(epoch);
    }

    public void SaveMidEpochCheckpoint(int epoch, byte[] bytes) => Checkpoints.Add(new RunCheckpoint(epoch, bytes.ToArray(), MidEpoch: true));

    // Attempts only move forward, so the last saved is the newest, as the store's rule finds.
    public RunCheckpoint? LoadLatestCheckpoint() => Checkpoints.Count == 0 ? null : Checkpoints[^1];

    public void RecordSubnetEvaluations(IReadOnlyList<SubnetEvaluation> evaluations) => Evaluations.AddRange(evaluations);

    public IReadOnlyList<SubnetEvaluation> RecordedEvaluations() => Evaluations.ToList();

    public void Heartbeat() => Heartbeats++;
}
