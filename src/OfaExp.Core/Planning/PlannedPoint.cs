namespace OfaExp.Core.Planning;

/// <summary>A sweep point of an experiment and the run ids of its phases, in pipeline order.</summary>
public sealed record PlannedPoint(string Experiment, int Index, string Label, string PointJson, IReadOnlyList<string> RunIds);
