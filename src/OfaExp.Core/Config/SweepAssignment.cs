namespace OfaExp.Core.Config;

/// <summary>One typed value a sweep point sets at a config path.</summary>
public sealed record SweepAssignment(string Path, object Value, SourceLocation Location);
