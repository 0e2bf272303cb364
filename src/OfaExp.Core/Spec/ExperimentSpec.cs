using OfaExp.Core.Tables;

namespace OfaExp.Core.Spec;

/// <summary>The fully resolved, validated configuration of one sweep point of one experiment.</summary>
/// <param name="Name">Experiment path relative to the experiments root, '/'-separated.</param>
/// <param name="Directory">Absolute path of the experiment directory.</param>
/// <param name="Kd">Distillation of progressive-shrinking phases (<c>kd.*</c>).</param>
/// <param name="Teacher">Which run distilling phases learn from (<c>teacher.*</c>).</param>
/// <param name="Eval">Subnet evaluation after each shrinking phase (<c>eval.*</c>).</param>
/// <param name="Pipeline">The phases of this point's run graph: the file's pipeline without <see cref="DroppedPhases"/>.</param>
public sealed record ExperimentSpec(
    string Name,
    string Directory,
    int Seed,
    DeviceSpec Device,
    DataSpec Data,
    SupernetSpec Supernet,
    IReadOnlyList<string> Pipeline,
    IReadOnlyDictionary<string, PhaseSpec> Phases,
    IReadOnlyList<TableSpec> Tables,
    KdSpec Kd,
    TeacherSpec Teacher,
    EvalSpec Eval)
{
    /// <summary>Phases the file's pipeline names that do not apply to this point's supernet (OFAv2's level and height), in pipeline order; not part of <see cref="Pipeline"/>.</summary>
    public IReadOnlyList<string> DroppedPhases { get; init; } = [];

    /// <summary>Settings of the <c>accuracy_dataset</c> phase kind (<c>accuracy_dataset.*</c>).</summary>
    public AccuracyDatasetSpec AccuracyDataset { get; init; } = new(1000, AccuracySampler.Uniform);

    /// <summary>Settings of the <c>predictor</c> phase kind (<c>predictor.*</c>).</summary>
    public PredictorSpec Predictor { get; init; } = new(400, 1e-3, 1e-4, 100, 64, 0.2);

    /// <summary>Settings of the <c>latency_table</c> phase kind (<c>latency_table.*</c>).</summary>
    public LatencyTableSpec LatencyTable { get; init; } = new(10, 30, 50, 1);

    /// <summary>Absolute path of the checkpoint an <c>import</c> phase loads (<c>import.checkpoint</c>); empty when none.</summary>
    public string ImportCheckpoint { get; init; } = "";

    /// <summary>Settings of the <c>search</c> phase kind (<c>search.*</c>).</summary>
    public SearchSpec? Search { get; init; }
}
