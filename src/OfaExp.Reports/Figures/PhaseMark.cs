namespace OfaExp.Reports.Figures;

/// <summary>Where a phase starts on a lines figure's x axis (its phases laid end to end).</summary>
public sealed record PhaseMark(double Start, string Phase);
