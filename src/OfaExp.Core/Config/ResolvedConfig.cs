namespace OfaExp.Core.Config;

/// <summary>
/// A validated configuration: every leaf path (phases expanded by name) with its typed value — int, double, bool,
/// string, int[] or string[] — and where it was set. Values not set anywhere hold the schema default.
/// </summary>
public sealed record ResolvedConfig(
    IReadOnlyDictionary<string, object> Values,
    IReadOnlyDictionary<string, SourceLocation> Locations,
    IReadOnlyList<string> PhaseNames)
{
    public T Get<T>(string path) => (T)Values[path];

    /// <summary>
    /// Where a value no file sets is reported: the experiment's own file, since that is where the user would set
    /// it. Its line is unknown (0), so messages name the file alone.
    /// </summary>
    public SourceLocation Origin { get; init; } = new("(default)", 0, 0);

    public SourceLocation LocationOf(string path) =>
        Locations.TryGetValue(path, out var l) ? l : Origin;

    public ResolvedConfig With(IReadOnlyList<SweepAssignment> assignments)
    {
        if (assignments.Count == 0)
        {
            return this;
        }

        var values = new Dictionary<string, object>(Values, StringComparer.Ordinal);
        var locations = new Dictionary<string, SourceLocation>(Locations, StringComparer.Ordinal);
        foreach (var a in assignments)
        {
            values[a.Path] = a.Value;
            locations[a.Path] = a.Location;
        }

        return this with { Values = values, Locations = locations };
    }
}
