using OfaExp.Core.Config;
using OfaExp.Core.Hashing;
using OfaExp.Core.Spec;
using OfaExp.Core.Sweeps;

namespace OfaExp.Core.Planning;

/// <summary>
/// Expands experiments into the run graph. Pure: the dataset fingerprint comes in as a function, so planning reads
/// no data beyond what that function does and writes nothing.
/// </summary>
public static class RunPlanner
{
    /// <param name="fileDigest">The SHA-256 of a file an import phase loads (I/O stays with the caller); null fails such plans.</param>
    public static RunPlan Plan(IReadOnlyList<(ExperimentSource Source, ExperimentConfig Config)> experiments, Func<DataSpec, string> fingerprint, Func<string, string>? fileDigest = null) =>
        Collect(experiments.Select(e => e.Source).ToList(), Stream(experiments, fingerprint, fileDigest)) with
        {
            Tables = experiments.ToDictionary(e => e.Source.Name, e => e.Config.Tables, StringComparer.Ordinal),
        };

    /// <summary>The whole plan from the steps of <see cref="Stream"/>, each run listing every point that shares it.</summary>
    public static RunPlan Collect(IReadOnlyList<ExperimentSource> experiments, IEnumerable<PlanStep> steps)
    {
        var runs = new List<PlannedRun>();
        var sharedBy = new List<List<string>?>();
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        var points = new List<PlannedPoint>();
        foreach (var step in steps)
        {
            var point = step.Point;
            int fresh = 0;
            foreach (var id in point.RunIds)
            {
                if (fresh < step.NewRuns.Count && step.NewRuns[fresh].Id == id)
                {
                    byId[id] = runs.Count;
                    runs.Add(step.NewRuns[fresh++]);
                    sharedBy.Add(null);
                }
                else
                {
                    int at = byId[id];
                    (sharedBy[at] ??= [.. runs[at].Points]).Add($"{point.Experiment}#{point.Index}");
                }
            }

            points.Add(point);
        }

        for (int i = 0; i < runs.Count; i++)
        {
            if (sharedBy[i] is { } owners)
            {
                runs[i] = runs[i] with { Points = owners };
            }
        }

        return new RunPlan(experiments, runs, points);
    }

    /// <summary>
    /// The plan one sweep point at a time, lazily, in the order <see cref="Plan"/> lists them: experiments in order,
    /// points in grid order, each point's new runs in pipeline order. Holds only the distinct runs' ids (to tell a
    /// new run from a shared one), so a caller that writes each step as it comes plans any sweep under the cap in
    /// bounded memory. Pure and deterministic: enumerating it again yields the same steps.
    /// </summary>
    /// <param name="settings">Whether points carry <see cref="PlannedPoint.SettingsJson"/> (tables read it; a printed plan does not).</param>
    /// <exception cref="Config.ConfigException">A sweep over the cap: checked for every experiment now, before any step.</exception>
    public static IEnumerable<PlanStep> Stream(IReadOnlyList<(ExperimentSource Source, ExperimentConfig Config)> experiments, Func<DataSpec, string> fingerprint, Func<string, string>? fileDigest = null, bool settings = true)
    {
        var grids = experiments.Select(e => SweepExpander.Enumerate(e.Config.Sweep)).ToList();
        return Steps(experiments, grids, fingerprint, fileDigest, settings);
    }

    /// <summary>
    /// The runs of sweep point <paramref name="index"/> of one experiment with <paramref name="changes"/> in place of
    /// the values the point and the files give (a one-off query: another search target), planned as
    /// <see cref="Stream"/> plans every point. So a changed run's id hashes what a sweep with those values would, and
    /// the runs the changes do not reach keep their ids.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The experiment's grid has no point <paramref name="index"/>.</exception>
    public static PlanStep PlanPoint(ExperimentSource source, ExperimentConfig config, int index, IReadOnlyList<SweepAssignment> changes, Func<DataSpec, string> fingerprint, Func<string, string>? fileDigest = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(changes);
        var point = SweepExpander.Enumerate(config.Sweep).FirstOrDefault(p => p.Index == index)
            ?? throw new ArgumentOutOfRangeException(nameof(index), index, $"{source.Name} has no sweep point {index}.");
        var changed = changes.Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var query = point with { Assignments = [.. point.Assignments.Where(a => !changed.Contains(a.Path)), .. changes] };
        return Steps([(source, config)], [[query]], fingerprint, fileDigest, settings: true).Single();
    }

    private static IEnumerable<PlanStep> Steps(IReadOnlyList<(ExperimentSource Source, ExperimentConfig Config)> experiments, List<IEnumerable<SweepPoint>> grids, Func<DataSpec, string> fingerprint, Func<string, string>? fileDigest, bool settings)
    {
        var cache = new Dictionary<DataSpec, string>();
        var seen = new HashSet<RunKey>();
        for (int e = 0; e < experiments.Count; e++)
        {
            var (source, config) = experiments[e];

            // Every point of an experiment has the same key set, so which keys a phase reads is decided once per
            // phase and kind (a sweep may change a phase's kind).
            var readPaths = new Dictionary<(string Phase, PhaseKind Kind), (string Path, bool OmitDefault, object? Default)[]>();
            var identityKey = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var point in grids[e])
            {
                var resolved = DerivedDefaults.Apply(config.Base, point.Assignments);
                var spec = SpecBuilder.Build(source.Name, source.Directory, resolved, config.Tables);
                if (!cache.TryGetValue(spec.Data, out var dataset))
                {
                    dataset = fingerprint(spec.Data);
                    cache[spec.Data] = dataset;
                }

                string? parent = null;
                string? firstFull = null;
                var ids = new List<string>(spec.Pipeline.Count);
                var newRuns = new List<PlannedRun>();
                var owner = $"{source.Name}#{point.Index}";
                foreach (var phaseName in spec.Pipeline)
                {
                    var phase = spec.Phases[phaseName];
                    var kind = PhaseKindInfo.Of(phase.Kind);
                    if (!readPaths.TryGetValue((phaseName, kind.Kind), out var paths))
                    {
                        // Which paths a key's default leaves out of the id is decided with the paths, not per run.
                        paths = [.. InputPaths(resolved, kind, phaseName).Select(path => Config.Schema.ExperimentSchema.Find(path) is { DefaultInIdentity: false } leaf
                            ? (path, true, leaf.Default)
                            : (path, false, (object?)null))];
                        readPaths[(phaseName, kind.Kind)] = paths;
                    }

                    var inputs = new SortedDictionary<string, object>(StringComparer.Ordinal);
                    foreach (var (path, omitDefault, defaultValue) in paths)
                    {
                        var value = resolved.Values[path];
                        if (!omitDefault || !IsDefault(defaultValue, value))
                        {
                            inputs[path] = value;
                        }
                    }

                    if (kind.Kind == PhaseKind.Import)
                    {
                        // The weights are the result, so the file's content (never its path) is what the id hashes.
                        inputs[PhaseKindInfo.ImportDigestInput] = (fileDigest ?? throw new InvalidOperationException("Planning an import phase needs a file digest function."))(spec.ImportCheckpoint);
                    }

                    var teacher = TeacherOf(kind, spec, firstFull, parent);
                    var json = RunIdentity.Compute(phaseName, inputs, parent, dataset, spec.Device.Kind, teacher).ToJson();
                    var id = RunIdentity.Sha256Hex(json);
                    if (seen.Add(RunKey.Parse(id)))
                    {
                        newRuns.Add(new PlannedRun(id, source.Name, phaseName, parent, json, spec, [owner], teacher));
                    }

                    ids.Add(id);
                    parent = id;
                    firstFull ??= kind.IsFull || kind.Kind == PhaseKind.Import ? id : null;
                }

                var pointJson = CanonicalJson.Write(point.Assignments.ToDictionary(a => a.Path, a => (object?)a.Value));
                string? settingsJson = null;
                if (settings)
                {
                    var values = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var (key, value) in resolved.Values)
                    {
                        if (!identityKey.TryGetValue(key, out var inIdentity))
                        {
                            inIdentity = Config.Schema.ExperimentSchema.Find(key) is { InIdentity: true };
                            identityKey[key] = inIdentity;
                        }

                        if (inIdentity)
                        {
                            values[key] = value;
                        }
                    }

                    settingsJson = CanonicalJson.Write(values);
                }

                yield return new PlanStep(
                    new PlannedPoint(source.Name, point.Index, point.Label, pointJson, ids, settingsJson) { DroppedPhases = spec.DroppedPhases },
                    newRuns);
            }
        }
    }

    /// <summary>
    /// The teacher of a run that distills (kind other than full, kd.ratio &gt; 0): with teacher.selection fixed
    /// (OFA), the lineage's first full (or import) run; with extracted (OFAv2), the parent run. SpecBuilder guarantees the first
    /// phase is full. teacher.selection itself is not an identity input: the teacher id it resolves to is.
    /// </summary>
    private static string? TeacherOf(PhaseKindInfo kind, ExperimentSpec spec, string? firstFull, string? parent)
    {
        if (!kind.Distills || !spec.Kd.Enabled)
        {
            return null;
        }

        return spec.Teacher.Selection switch
        {
            TeacherSelection.Fixed => firstFull ?? throw new InvalidOperationException("A distilling phase has no full phase before it; SpecBuilder should have rejected the pipeline."),
            TeacherSelection.Extracted => parent ?? throw new InvalidOperationException("A distilling phase has no parent; SpecBuilder should have rejected the pipeline."),
        };
    }

    /// <summary>The identity inputs of a phase: every resolved path the phase kind declares it reads.</summary>
    // A list read from a file is a new array, so a list key set to its default (search.resolutions: []) is compared
    // element by element; scalars compare by value.
    private static bool IsDefault(object? defaultValue, object value) =>
        defaultValue is System.Collections.IEnumerable d and not string && value is System.Collections.IEnumerable v and not string
            ? d.Cast<object>().SequenceEqual(v.Cast<object>())
            : Equals(defaultValue, value);

    public static string[] InputPaths(ResolvedConfig config, PhaseKindInfo kind, string phaseName) =>
        config.Values.Keys
            .Where(path => kind.Reads(path, phaseName) && Config.Schema.ExperimentSchema.Find(path) is { InIdentity: true })
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToArray();
}
