using OfaExp.Core.Planning;
using OfaExp.Core.Runs;

namespace OfaExp.Execution.Outputs;

/// <summary>What a table, a figure or the report of one experiment is built from: its sweep points and its done runs.</summary>
public sealed record ExperimentRecords(string Experiment, IReadOnlyList<PlannedPoint> Points, IReadOnlyList<PlannedRun> Runs, IReadOnlyList<RecordedRun> Done);
