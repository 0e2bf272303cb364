namespace OfaExp.Search;

/// <summary>
/// One target's result of a <see cref="MultiTargetSearch"/>. <see cref="WallTime"/> is measured, so it is kept
/// apart from <see cref="Outcome"/>, which is deterministic.
/// </summary>
public sealed record TargetOutcome(double Target, SearchOutcome Outcome, TimeSpan WallTime);
