namespace OfaExp.Core.Spec;

/// <summary>
/// Which network a distilling phase learns from. "fixed" (OFA): the lineage's first <c>full</c> run, for every later
/// phase. "extracted" (OFAv2): the previous phase's supernet at its maximal configuration (all exits kept for
/// early-exit supernets), BN-recalibrated when that phase trained several subnets (its running statistics are a
/// mix). Either way the teacher run contributes its best checkpoint by validation top-1 (its final model when the
/// last epoch is best).
/// Only the resolved teacher run id enters a run's identity, so the strategy changes exactly the runs whose teacher
/// it changes: the first shrinking phase, whose previous phase is the full one, keeps its id.
/// </summary>
public sealed record TeacherSpec(string Selection)
{
    public const string Fixed = "fixed";

    public const string Extracted = "extracted";

    public static IReadOnlyList<string> Selections { get; } = [Fixed, Extracted];
}
