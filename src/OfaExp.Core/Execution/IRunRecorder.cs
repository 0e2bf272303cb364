using OfaExp.Core.Runs;

namespace OfaExp.Core.Execution;

/// <summary>
/// What a training phase may write while it runs. The executor implements it over the run store; a phase never
/// touches the store directly, so trainers stay testable with an in-memory recorder.
/// </summary>
public interface IRunRecorder
{
    string RunId { get; }

    /// <summary>Appends metrics (batched by the caller: one call per epoch, not per value).</summary>
    void RecordMetrics(IReadOnlyList<MetricPoint> metrics);

    /// <summary>Durably stores the state after finishing 0-based <paramref name="epoch"/>; replaces nothing.</summary>
    void SaveCheckpoint(int epoch, byte[] bytes);

    /// <summary>
    /// Durably stores the state part-way through 0-based <paramref name="epoch"/> (a stopped run: see
    /// <see cref="RunCheckpoint.MidEpoch"/>); replaces nothing. The epoch's checkpoint, once saved, supersedes it.
    /// </summary>
    void SaveMidEpochCheckpoint(int epoch, byte[] bytes);

    /// <summary>
    /// The newest checkpoint of this run, hash-verified, or null when the run starts fresh: a mid-epoch checkpoint of
    /// an epoch after the last finished one, else the last finished epoch's.
    /// </summary>
    RunCheckpoint? LoadLatestCheckpoint();

    /// <summary>
    /// Stores evaluations of the run's final model (e.g. eval.subnets x eval.resolutions after a shrinking phase).
    /// Call once, after the last epoch, in every attempt that finishes: the executor clears them when an attempt
    /// starts, so a resumed run writes them again rather than twice.
    /// </summary>
    void RecordSubnetEvaluations(IReadOnlyList<SubnetEvaluation> evaluations);

    /// <summary>The evaluations this run has recorded so far (an accuracy data set resumes after the last one).</summary>
    IReadOnlyList<SubnetEvaluation> RecordedEvaluations();

    /// <summary>Marks the run alive so that other processes do not take it over.</summary>
    void Heartbeat();
}
