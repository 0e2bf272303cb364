using OfaExp.Core.Spec;

namespace OfaExp.Core.Config;

/// <summary>
/// Fills the keys whose default depends on other keys: a phase's elastic choices (by its kind and the supernet's
/// choices) and <c>eval.resolutions</c> (the supernet's resolutions). Applied per sweep point, after the point's
/// values, because a sweep may change the supernet or a phase's kind. Once filled, an absent key and one set to its
/// default are the same value, so they give the same run id.
/// </summary>
public static class DerivedDefaults
{
    public static ResolvedConfig Apply(ResolvedConfig config)
    {
        var supernet = new ElasticChoices(
            config.Get<int[]>("supernet.kernel_sizes"),
            config.Get<int[]>("supernet.expand_ratios"),
            config.Get<int[]>("supernet.depths"),
            config.Get<int[]>("supernet.resolutions"),
            SupernetSpec.LevelsFor(config.Get<string>("supernet.blocks")),
            SupernetSpec.ExitStagesFor(config.Get<string>("supernet.exits"), config.Get<int[]>("supernet.stage_strides").Length));

        var filled = new List<SweepAssignment>();
        foreach (var phase in config.PhaseNames)
        {
            if (!config.Values.TryGetValue($"phases.{phase}.kind", out var kindName) || PhaseKind.Find((string)kindName) is not { } kind)
            {
                continue;
            }

            foreach (var dimension in ElasticChoices.Dimensions)
            {
                var path = $"phases.{phase}.{dimension}";
                if (!config.Values.ContainsKey(path))
                {
                    var value = ElasticChoices.DefaultFor(kind, supernet).Get(dimension).ToArray();
                    filled.Add(new SweepAssignment(path, value, config.Origin));
                }
            }
        }

        if (!config.Values.ContainsKey("eval.resolutions"))
        {
            filled.Add(new SweepAssignment("eval.resolutions", supernet.Resolutions.ToArray(), config.Origin));
        }

        return config.With(filled);
    }
}
