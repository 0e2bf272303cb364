namespace OfaExp.Core.Spec;

/// <summary>
/// Which network a distilling phase learns from. "fixed" (OFA): the final model of the lineage's first <c>full</c>
/// run, for every later phase.
/// </summary>
public sealed record TeacherSpec(string Selection)
{
    public const string Fixed = "fixed";

    public static IReadOnlyList<string> Selections { get; } = [Fixed];
}
