using OfaExp.Core.Runs;

namespace OfaExp.Cli.Execution;

/// <summary>What happened to one run during a sweep, for the summary.</summary>
/// <param name="Outcome">trained, reused (found done), failed, skipped (parent not done) or busy (another process has it).</param>
public sealed record RunResult(string RunId, string Experiment, string Phase, string Outcome, TimeSpan Wall, double? ValTop1, string? Error);
