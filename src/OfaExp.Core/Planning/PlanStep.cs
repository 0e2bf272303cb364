namespace OfaExp.Core.Planning;

/// <summary>
/// One sweep point as the streaming planner yields it, with the runs no earlier point reached, in pipeline order.
/// Each new run's <see cref="PlannedRun.Points"/> holds only this point: later points that share the run say so
/// through their own <see cref="PlannedPoint.RunIds"/>, which the planner cannot know before it reaches them.
/// </summary>
public sealed record PlanStep(PlannedPoint Point, IReadOnlyList<PlannedRun> NewRuns);
