namespace OfaExp.Core.Spec;

/// <summary>
/// Which network a distilling phase learns from. "fixed" (OFA): the final model of the lineage's first <c>full</c>
/// run, for every later phase. "extracted" (OFAv2): the previous phase's final supernet at its maximal
/// configuration, BN-recalibrated when that phase trained several subnets (its running statistics are a mix).
/// Only the resolved teacher run id enters a run's identity, so the strategy changes exactly the runs whose teacher
/// it changes: the first shrinking phase, whose previous phase is the full one, keeps its id.
/// </summary>
public sealed record TeacherSpec(string Selection)
{
    public const string Fixed = "fixed";

    public const string Extracted = "extracted";

    public static IReadOnlyList<string> Selections { get; } = [Fixed, Extracted];
}
