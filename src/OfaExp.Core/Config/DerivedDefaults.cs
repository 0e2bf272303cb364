using OfaExp.Core.Spec;

namespace OfaExp.Core.Config;

/// <summary>
/// Fills the keys whose default depends on other keys: a phase's elastic choices (by its kind and the supernet's
/// choices) and <c>eval.resolutions</c> (the supernet's resolutions). Applied per sweep point, after the point's
/// values, because a sweep may change the supernet or a phase's kind. Once filled, an absent key and one set to its
/// default are the same value, so they give the same run id. RunPlanner applies them once per point, before both the
/// ids and the spec read the values. Applying them again changes nothing: every key they fill is then present.
/// </summary>
public static class DerivedDefaults
{
    public static ResolvedConfig Apply(ResolvedConfig config) => Apply(config, []);

    /// <summary>
    /// The same as <c>Apply(config.With(assignments))</c>, copying the values once instead of twice: planning does
    /// this for every sweep point.
    /// </summary>
    public static ResolvedConfig Apply(ResolvedConfig config, IReadOnlyList<SweepAssignment> assignments)
    {
        Dictionary<string, object>? point = null;
        if (assignments.Count > 0)
        {
            point = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var a in assignments)
            {
                point[a.Path] = a.Value;
            }
        }

        bool TryGet(string path, out object value)
        {
            if (point is not null && point.TryGetValue(path, out value!))
            {
                return true;
            }

            return config.Values.TryGetValue(path, out value!);
        }

        T Get<T>(string path) => TryGet(path, out var v) ? (T)v : throw new KeyNotFoundException(path);

        var supernet = new ElasticChoices(
            Get<int[]>("supernet.kernel_sizes"),
            Get<int[]>("supernet.expand_ratios"),
            Get<int[]>("supernet.depths"),
            Get<int[]>("supernet.resolutions"),
            SupernetSpec.LevelsFor(SupernetNames.Blocks.Parse(Get<string>("supernet.blocks"))),
            SupernetSpec.ExitStagesFor(SupernetNames.Exits.Parse(Get<string>("supernet.exits")), Get<int[]>("supernet.stage_strides").Length));

        var filled = new List<SweepAssignment>(assignments);
        foreach (var phase in config.PhaseNames)
        {
            if (!TryGet($"phases.{phase}.kind", out var kindName) || !PhaseKindNames.Spelling.TryParse((string)kindName, out var kind))
            {
                continue;
            }

            foreach (var dimension in ElasticChoices.Dimensions)
            {
                var path = $"phases.{phase}.{dimension}";
                if (!TryGet(path, out _))
                {
                    var value = ElasticChoices.DefaultFor(PhaseKindInfo.Of(kind), supernet).Get(dimension).ToArray();
                    filled.Add(new SweepAssignment(path, value, config.Origin));
                }
            }
        }

        if (!TryGet("eval.resolutions", out _))
        {
            filled.Add(new SweepAssignment("eval.resolutions", supernet.Resolutions.ToArray(), config.Origin));
        }

        return config.With(filled);
    }
}
