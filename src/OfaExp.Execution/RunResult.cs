namespace OfaExp.Execution;

/// <summary>What happened to one run during a sweep, for the summary.</summary>
/// <param name="Error">Why it failed or was skipped, or which job it was submitted as; null otherwise.</param>
public sealed record RunResult(string RunId, string Experiment, string Phase, RunOutcome Outcome, TimeSpan Wall, double? ValTop1, string? Error)
{
    /// <summary>The outcome as the summary and progress lines print it.</summary>
    public string OutcomeText => Outcome switch
    {
        RunOutcome.Trained => "trained",
        RunOutcome.Reused => "reused",
        RunOutcome.TrainedElsewhere => "trained elsewhere",
        RunOutcome.Failed => "failed",
        RunOutcome.Skipped => "skipped",
        RunOutcome.Submitted => "submitted",
        _ => throw new ArgumentOutOfRangeException(nameof(Outcome), Outcome, null),
    };

    /// <summary>Whether the run trained during this sweep (here or in another process), so that its time means something.</summary>
    public bool Ran => Outcome is RunOutcome.Trained or RunOutcome.TrainedElsewhere or RunOutcome.Failed;
}
