namespace OfaExp.Core.Execution;

/// <summary>One category of a run's <see cref="PhaseTimes"/>: its snake_case name and the seconds spent in it.</summary>
public sealed record PhaseTime(string Name, double Seconds);
