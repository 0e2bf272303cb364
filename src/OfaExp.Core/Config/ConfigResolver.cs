using System.Text.RegularExpressions;
using OfaExp.Core.Config.Schema;
using OfaExp.Core.Hashing;
using OfaExp.Core.Spec;
using OfaExp.Core.Sweeps;
using OfaExp.Core.Tables;

namespace OfaExp.Core.Config;

/// <summary>
/// Validates a merged config tree against <see cref="ExperimentSchema"/> and binds the sweep and table sections.
/// Collects every problem before failing, so a user fixes a file in one pass.
/// </summary>
public static partial class ConfigResolver
{
    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex NameRegex();

    /// <param name="origin">The experiment's own file: where problems with values no file sets are reported.</param>
    public static ExperimentConfig Resolve(ConfigMap root, SourceLocation? origin = null)
    {
        var diagnostics = new List<ConfigDiagnostic>();
        var phaseNames = PhaseNames(root, diagnostics);
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        var locations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var branches = Branches(phaseNames);

        foreach (var entry in root.Entries)
        {
            if (ExperimentSchema.SectionKeys.Contains(entry.Key))
            {
                continue;
            }

            Walk(entry, entry.Key, phaseNames, branches, values, locations, diagnostics);
        }

        foreach (var leaf in ExperimentSchema.Leaves)
        {
            foreach (var path in Expand(leaf.Path, phaseNames))
            {
                if (!values.ContainsKey(path) && leaf.Default is not null)
                {
                    values[path] = leaf.Default;
                }
            }
        }

        foreach (var phase in phaseNames)
        {
            var kindPath = $"phases.{phase}.kind";
            if (!values.ContainsKey(kindPath))
            {
                if (PhaseKindNames.Spelling.TryParse(phase, out _))
                {
                    values[kindPath] = phase;
                }
                else if (locations.TryGetValue($"phases.{phase}", out var declared))
                {
                    diagnostics.Add(new ConfigDiagnostic(declared,
                        $"phases.{phase}: set 'kind' (one of: {string.Join(", ", PhaseKindNames.Spelling.All)}); only phases named after a kind get it by default."));
                }
                else
                {
                    // Named in the pipeline only, most likely a misspelt kind: point at the name, not at the file's first line.
                    var suggestion = Suggestions.Closest(phase, PhaseKindNames.Spelling.All) is { } closest ? $" Did you mean '{closest}'?" : "";
                    diagnostics.Add(new ConfigDiagnostic(PipelineItem(root, phase)?.Location ?? root.Location,
                        $"phases.{phase}: set 'kind' (one of: {string.Join(", ", PhaseKindNames.Spelling.All)}); only phases named after a kind get it by default.{suggestion}"));
                }
            }
        }

        var resolved = new ResolvedConfig(values, locations, phaseNames) { Origin = (origin ?? root.Location) with { Line = 0, Column = 0 } };
        var sweep = root.Find("sweep") is { } s ? BindSweep(s, resolved, diagnostics) : SweepSpec.None;
        var tables = root.Find("tables") is { } t ? BindTables(t, phaseNames, diagnostics) : [];
        var figures = root.Find("figures") is { } f ? BindFigures(f, phaseNames, diagnostics) : [];
        if (diagnostics.Count > 0)
        {
            throw new ConfigException(diagnostics);
        }

        return new ExperimentConfig(resolved, sweep, tables) { Figures = figures };
    }

    /// <summary>
    /// The most phases one experiment may name. The papers' pipelines have at most eight; every phase multiplies
    /// the per-phase keys that validation expands, so a generated file with thousands is refused up front.
    /// </summary>
    public const int MaxPhases = 100;

    private static IReadOnlyList<string> PhaseNames(ConfigMap root, List<ConfigDiagnostic> diagnostics)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (root.Find("pipeline")?.Value is ConfigList pipeline)
        {
            names.AddRange(pipeline.Items.OfType<ConfigScalar>().Select(s => s.Text).Where(seen.Add));
        }
        else if (root.Find("pipeline") is null)
        {
            names.AddRange(((string[])ExperimentSchema.Find("pipeline")!.Default!).Where(seen.Add));
        }

        if (root.Find("phases")?.Value is ConfigMap phases)
        {
            foreach (var e in phases.Entries)
            {
                if (!NameRegex().IsMatch(e.Key))
                {
                    diagnostics.Add(new ConfigDiagnostic(e.KeyLocation, $"phases.{e.Key}: phase names use lower-case letters, digits and '_' (e.g. depth1)."));
                }
                else if (seen.Add(e.Key))
                {
                    names.Add(e.Key);
                }
            }
        }

        if (names.Count > MaxPhases)
        {
            diagnostics.Add(new ConfigDiagnostic(root.Find("phases")?.KeyLocation ?? root.Find("pipeline")?.KeyLocation ?? root.Location,
                $"{names.Count} phases are named (pipeline and phases together); an experiment may have at most {MaxPhases}."));
            return names.Take(MaxPhases).ToList();
        }

        return names;
    }

    private static ConfigScalar? PipelineItem(ConfigMap root, string phase) =>
        (root.Find("pipeline")?.Value as ConfigList)?.Items.OfType<ConfigScalar>().FirstOrDefault(i => i.Text == phase);

    private static IEnumerable<string> Expand(string leafPath, IReadOnlyList<string> phaseNames) =>
        leafPath.Contains('*', StringComparison.Ordinal)
            ? phaseNames.Select(p => leafPath.Replace("*", p, StringComparison.Ordinal))
            : [leafPath];

    /// <summary>
    /// Every path that has settings below it (supernet, phases.kernel, ...), computed once per resolve so that
    /// checking a key is one lookup however many keys a file has.
    /// </summary>
    private static HashSet<string> Branches(IReadOnlyList<string> phaseNames)
    {
        var branches = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in ExperimentSchema.Leaves.SelectMany(l => Expand(l.Path, phaseNames)))
        {
            for (var dot = path.IndexOf('.', StringComparison.Ordinal); dot > 0; dot = path.IndexOf('.', dot + 1))
            {
                branches.Add(path[..dot]);
            }
        }

        return branches;
    }

    private static void Walk(ConfigEntry entry, string path, IReadOnlyList<string> phaseNames, HashSet<string> branches,
        Dictionary<string, object> values, Dictionary<string, SourceLocation> locations, List<ConfigDiagnostic> diagnostics)
    {
        locations[path] = entry.KeyLocation;
        var leaf = ExperimentSchema.Find(path);
        if (leaf is not null && !path.StartsWith("phases.", StringComparison.Ordinal) || leaf is not null && phaseNames.Contains(path.Split('.')[1]))
        {
            if (LeafParser.Parse(leaf!, path, entry.Value, diagnostics) is { } value)
            {
                values[path] = value;
                locations[path] = entry.Value.Location;
            }

            return;
        }

        if (branches.Contains(path))
        {
            if (entry.Value is ConfigMap map)
            {
                foreach (var child in map.Entries)
                {
                    Walk(child, $"{path}.{child.Key}", phaseNames, branches, values, locations, diagnostics);
                }
            }
            else if (!(entry.Value is ConfigScalar { IsNull: true }))
            {
                diagnostics.Add(new ConfigDiagnostic(entry.Value.Location, $"{path}: expected a mapping of settings under '{path}:'."));
            }

            return;
        }

        // Suggestions cost an edit distance against every known key; past what the message lists they are not shown,
        // so they are not computed either.
        diagnostics.Add(new ConfigDiagnostic(entry.KeyLocation, diagnostics.Count < ConfigException.MaxListed
            ? UnknownKeyMessage(path, phaseNames)
            : $"unknown key '{path}'."));
    }

    internal static string UnknownKeyMessage(string path, IReadOnlyList<string> phaseNames)
    {
        var known = ExperimentSchema.ConcretePaths(phaseNames).Concat(ExperimentSchema.SectionKeys).Concat(ExperimentSchema.CompositionKeys).ToList();
        var suggestion = Suggestions.Closest(path, known);
        var parent = path.Contains('.', StringComparison.Ordinal) ? path[..path.LastIndexOf('.')] : "";
        var siblings = known.Where(k => parent.Length == 0 ? true : k.StartsWith(parent + ".", StringComparison.Ordinal))
            .Select(k => k[(parent.Length == 0 ? 0 : parent.Length + 1)..].Split('.')[0])
            .Distinct().OrderBy(k => k, StringComparer.Ordinal).ToList();
        var hint = suggestion is not null
            ? $"Did you mean '{suggestion}'?"
            : siblings.Count > 0 ? $"Known keys{(parent.Length > 0 ? $" under '{parent}'" : "")}: {string.Join(", ", siblings)}." : "";
        return $"unknown key '{path}'. {hint}".TrimEnd();
    }

    private static SweepSpec BindSweep(ConfigEntry entry, ResolvedConfig config, List<ConfigDiagnostic> diagnostics)
    {
        if (entry.Value is not ConfigMap map)
        {
            if (entry.Value is not ConfigScalar { IsNull: true })
            {
                diagnostics.Add(new ConfigDiagnostic(entry.Value.Location, "sweep: expected a mapping of config paths to value lists, e.g. 'phases.full.lr: [0.05, 0.1]'."));
            }

            return SweepSpec.None;
        }

        var axes = new List<SweepAxis>();
        var swept = new HashSet<string>(StringComparer.Ordinal);
        var excludes = new List<IReadOnlyDictionary<string, string>>();
        foreach (var e in map.Entries.Where(e => e.Key is not ("zip" or "exclude")))
        {
            if (Axis([e], config, diagnostics) is { } axis)
            {
                axes.Add(axis);
                swept.Add(e.Key);
            }
        }

        if (map.Find("zip") is { } zip)
        {
            if (zip.Value is not ConfigList groups || groups.Items.Any(g => g is not ConfigMap))
            {
                diagnostics.Add(new ConfigDiagnostic(zip.Value.Location, "sweep.zip: expected a list of groups, each a mapping of paths to equally long value lists."));
            }
            else
            {
                foreach (ConfigMap group in groups.Items)
                {
                    var lengths = group.Entries.Select(g => (g.Value as ConfigList)?.Items.Count ?? -1).Distinct().ToList();
                    if (lengths.Count > 1)
                    {
                        diagnostics.Add(new ConfigDiagnostic(group.Location,
                            $"sweep.zip: the lists of {string.Join(", ", group.Entries.Select(g => g.Key))} vary together, so they need the same length (got {string.Join(", ", group.Entries.Select(g => (g.Value as ConfigList)?.Items.Count ?? 0))})."));
                        continue;
                    }

                    if (Axis(group.Entries, config, diagnostics) is { } axis)
                    {
                        axes.Add(axis);
                        swept.UnionWith(axis.Paths);
                    }
                }
            }
        }

        if (map.Find("exclude") is { } exclude)
        {
            if (exclude.Value is not ConfigList items || items.Items.Any(g => g is not ConfigMap))
            {
                diagnostics.Add(new ConfigDiagnostic(exclude.Value.Location, "sweep.exclude: expected a list of mappings, e.g. '- {seed: 1, phases.full.lr: 0.1}'."));
            }
            else
            {
                foreach (ConfigMap item in items.Items)
                {
                    var point = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var kv in item.Entries)
                    {
                        if (!swept.Contains(kv.Key))
                        {
                            diagnostics.Add(new ConfigDiagnostic(kv.KeyLocation, $"sweep.exclude: '{kv.Key}' is not swept, so excluding by it matches nothing. Swept keys: {string.Join(", ", swept)}."));
                            continue;
                        }

                        if (LeafParser.Parse(ExperimentSchema.Find(kv.Key)!, kv.Key, kv.Value, diagnostics) is { } v)
                        {
                            point[kv.Key] = CanonicalJson.Write(v);
                        }
                    }

                    excludes.Add(point);
                }
            }
        }

        return new SweepSpec(axes, excludes);
    }

    private static SweepAxis? Axis(IReadOnlyList<ConfigEntry> entries, ResolvedConfig config, List<ConfigDiagnostic> diagnostics)
    {
        var paths = new List<string>();
        var columns = new List<List<SweepAssignment>>();
        foreach (var e in entries)
        {
            var leaf = ExperimentSchema.Find(e.Key);
            if (leaf is null || e.Key.StartsWith("phases.", StringComparison.Ordinal) && !config.PhaseNames.Contains(e.Key.Split('.')[1]))
            {
                diagnostics.Add(new ConfigDiagnostic(e.KeyLocation, diagnostics.Count < ConfigException.MaxListed
                    ? "sweep: " + UnknownKeyMessage(e.Key, config.PhaseNames) + " Sweep keys are full config paths."
                    : $"sweep: unknown key '{e.Key}'."));
                return null;
            }

            if (!leaf.Sweepable)
            {
                diagnostics.Add(new ConfigDiagnostic(e.KeyLocation, $"sweep: '{e.Key}' cannot be swept; declare separate experiments instead."));
                return null;
            }

            if (e.Value is not ConfigList list)
            {
                diagnostics.Add(new ConfigDiagnostic(e.Value.Location, $"sweep: '{e.Key}' needs a list of values, e.g. '{e.Key}: [a, b]'."));
                return null;
            }

            if (list.Items.Count == 0)
            {
                diagnostics.Add(new ConfigDiagnostic(e.Value.Location, $"sweep: the list for '{e.Key}' is empty, so the sweep has no points. Give at least one value or remove the key."));
                return null;
            }

            var column = new List<SweepAssignment>();
            foreach (var item in list.Items)
            {
                if (LeafParser.Parse(leaf, e.Key, item, diagnostics) is { } v)
                {
                    column.Add(new SweepAssignment(e.Key, v, item.Location));
                }
            }

            if (column.Count != list.Items.Count)
            {
                return null;
            }

            var duplicate = column.GroupBy(a => CanonicalJson.Write(a.Value)).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                diagnostics.Add(new ConfigDiagnostic(e.Value.Location, $"sweep: '{e.Key}' lists {duplicate.Key} twice; every point would be trained twice under one id."));
                return null;
            }

            paths.Add(e.Key);
            columns.Add(column);
        }

        var rows = Enumerable.Range(0, columns[0].Count)
            .Select(i => (IReadOnlyList<SweepAssignment>)columns.Select(c => c[i]).ToList())
            .ToList();
        return new SweepAxis(paths, rows);
    }

    private static IReadOnlyList<TableSpec> BindTables(ConfigEntry entry, IReadOnlyList<string> phaseNames, List<ConfigDiagnostic> diagnostics)
    {
        if (entry.Value is not ConfigMap map)
        {
            if (entry.Value is not ConfigScalar { IsNull: true })
            {
                diagnostics.Add(new ConfigDiagnostic(entry.Value.Location, "tables: expected a mapping of table names to table specs."));
            }

            return [];
        }

        var tables = new List<TableSpec>();
        foreach (var t in map.Entries)
        {
            if (!NameRegex().IsMatch(t.Key))
            {
                diagnostics.Add(new ConfigDiagnostic(t.KeyLocation, $"tables.{t.Key}: table names use lower-case letters, digits and '_' (they become file names)."));
                continue;
            }

            if (t.Value is not ConfigMap spec)
            {
                diagnostics.Add(new ConfigDiagnostic(t.Value.Location, $"tables.{t.Key}: expected a mapping with rows, values and optionally where, source, columns, mean_over."));
                continue;
            }

            var at = $"tables.{t.Key}";
            var reader = new EntryReader(at, spec, EntrySchema.Table, diagnostics);
            reader.CheckUnknownKeys();
            var source = reader.Choice("source", TableSourceNames.Spelling, TableSource.Metrics);
            var rows = reader.List("rows");
            if (rows is null && spec.Find("rows") is null)
            {
                diagnostics.Add(new ConfigDiagnostic(spec.Location, $"{at}.rows: expected {EntrySchema.Table["rows"].Expected}."));
            }

            foreach (var row in rows ?? [])
            {
                CheckTableKey($"{at}.rows", row.Text, row.Location, source, phaseNames, diagnostics);
            }

            var columnsKey = reader.Scalar("columns");
            var columns = columnsKey?.Text;
            if (columnsKey is not null)
            {
                CheckTableKey($"{at}.columns", columnsKey.Text, columnsKey.Location, source, phaseNames, diagnostics);
                if (rows?.Any(r => r.Text == columns) == true)
                {
                    diagnostics.Add(new ConfigDiagnostic(columnsKey.Location, $"{at}.columns: '{columns}' is also a row key; a key is either rows or columns."));
                }
            }

            var meanOverKey = reader.Scalar("mean_over");
            var meanOver = meanOverKey?.Text;
            if (meanOverKey is not null)
            {
                CheckTableKey($"{at}.mean_over", meanOverKey.Text, meanOverKey.Location, source, phaseNames, diagnostics);
                if (rows?.Any(r => r.Text == meanOver) == true || meanOver == columns)
                {
                    diagnostics.Add(new ConfigDiagnostic(meanOverKey.Location, $"{at}.mean_over: '{meanOver}' is also a row or columns key; a key averaged over cannot also label rows or columns."));
                }
            }

            var values = new List<TableValueSpec>();
            if (spec.Find("values")?.Value is not ConfigMap vm || vm.Entries.Count == 0)
            {
                diagnostics.Add(new ConfigDiagnostic(spec.Find("values")?.Value.Location ?? spec.Location, $"{at}.values: expected {EntrySchema.Table["values"].Expected}."));
            }
            else
            {
                foreach (var v in vm.Entries)
                {
                    switch (v.Value)
                    {
                        case ConfigScalar { IsNull: false } s:
                            values.Add(new TableValueSpec(v.Key, s.Text, "F2", v.KeyLocation));
                            break;
                        case ConfigMap m when m.Find("expr")?.Value is ConfigScalar expr && m.Entries.All(x => x.Key is "expr" or "format"):
                            var format = (m.Find("format")?.Value as ConfigScalar)?.Text ?? "F2";
                            values.Add(new TableValueSpec(v.Key, expr.Text, format, v.KeyLocation));
                            break;
                        default:
                            diagnostics.Add(new ConfigDiagnostic(v.Value.Location, $"tables.{t.Key}.values.{v.Key}: expected an expression like last(val_top1) or a mapping with 'expr' and 'format'."));
                            break;
                    }
                }
            }

            var where = reader.Text("where");
            if (rows is not null)
            {
                tables.Add(new TableSpec(t.Key, rows.Select(r => r.Text).ToList(), values, where, source, columns, t.KeyLocation, meanOver));
            }
        }

        return tables;
    }

    /// <summary>
    /// A row (or columns) key must be a built-in key of the table's source or a config path that reaches run ids;
    /// anything else would give an empty column.
    /// </summary>
    private static void CheckTableKey(string where, string key, SourceLocation location, TableSource source, IReadOnlyList<string> phaseNames, List<ConfigDiagnostic> diagnostics)
    {
        if (TableKeys.For(source).Contains(key))
        {
            return;
        }

        if (TableKeys.SubnetKeys.Contains(key))
        {
            diagnostics.Add(new ConfigDiagnostic(location, $"{where}: '{key}' is a key of subnet evaluations; add 'source: subnets' to the table to use it."));
            return;
        }

        var leaf = ExperimentSchema.Find(key);
        var phaseOk = !key.StartsWith("phases.", StringComparison.Ordinal) || phaseNames.Contains(key.Split('.')[1]);
        if (leaf is { InIdentity: true } && phaseOk)
        {
            return;
        }

        if (leaf is { InIdentity: false } && phaseOk)
        {
            diagnostics.Add(new ConfigDiagnostic(location, $"{where}: '{key}' never reaches a run's identity, so it cannot tell runs apart; use a key runs are identified by."));
            return;
        }

        var known = diagnostics.Count < ConfigException.MaxListed
            ? TableKeys.For(source).Concat(ExperimentSchema.ConcretePaths(phaseNames).Where(p => ExperimentSchema.Find(p) is { InIdentity: true })).ToList()
            : [];
        var hint = Suggestions.Closest(key, known);
        diagnostics.Add(new ConfigDiagnostic(location,
            $"{where}: unknown key '{key}'. {(hint is not null ? $"Did you mean '{hint}'?" : $"A row key is one of {string.Join(", ", TableKeys.For(source))} or a config path such as seed or phases.<name>.lr.")}"));
    }
}
