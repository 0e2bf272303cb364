namespace OfaExp.Execution;

/// <summary>What became of one run in a sweep.</summary>
public enum RunOutcome
{
    /// <summary>Trained (or resumed and finished) by this process.</summary>
    Trained,

    /// <summary>Found done when the sweep started.</summary>
    Reused,

    /// <summary>Finished during this sweep by another process: a sibling worker or a concurrent sweep.</summary>
    TrainedElsewhere,

    /// <summary>Failed in this sweep, here or in another process.</summary>
    Failed,

    /// <summary>Not attempted: its parent or teacher is not done.</summary>
    Skipped,

    /// <summary>Handed to a cluster scheduler, which trains it later (ingest its bundle when it is done).</summary>
    Submitted,
}
