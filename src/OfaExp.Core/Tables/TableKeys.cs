namespace OfaExp.Core.Tables;

/// <summary>
/// The built-in row keys of tables and <c>where</c> filters. Besides these, a row key may be any identity input
/// path of the runs (<c>seed</c>, <c>phases.kernel.lr</c>).
/// </summary>
public static class TableKeys
{
    public const string Phase = "phase";
    public const string Experiment = "experiment";
    public const string Run = "run";
    public const string Parent = "parent";

    /// <summary>
    /// "true" for the last phase of a lineage (the last run of a sweep point's pipeline), else "false"; the phases
    /// a variant drops (level for non-parallel nets, height for single-exit ones) never count.
    /// </summary>
    public const string Final = "final";

    /// <summary>The evaluation's name (min, mid, max, ...); subnets tables only, like the three keys below.</summary>
    public const string Subnet = "subnet";
    public const string Resolution = "resolution";
    public const string Exit = "exit";
    public const string Arch = "arch";

    public static IReadOnlyList<string> RunKeys { get; } = [Phase, Experiment, Run, Parent, Final];

    public static IReadOnlyList<string> SubnetKeys { get; } = [Subnet, Resolution, Exit, Arch];

    /// <summary>The built-in keys a table over <paramref name="source"/> may use.</summary>
    public static IReadOnlyList<string> For(TableSource source) => source switch
    {
        TableSource.Metrics => RunKeys,
        TableSource.Subnets => [.. RunKeys, .. SubnetKeys],
    };
}
