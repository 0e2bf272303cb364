using OfaExp.Core.Config;
using OfaExp.Core.Tables;

namespace OfaExp.Core.Spec;

/// <summary>Builds the typed <see cref="ExperimentSpec"/> of one sweep point and checks rules that span several keys.</summary>
public static class SpecBuilder
{
    public static ExperimentSpec Build(string name, string directory, ResolvedConfig c, IReadOnlyList<TableSpec> tables)
    {
        var diagnostics = new List<ConfigDiagnostic>();
        var pipeline = c.Get<string[]>("pipeline");
        if (pipeline.Length == 0)
        {
            diagnostics.Add(new ConfigDiagnostic(c.LocationOf("pipeline"), "pipeline: list at least one phase, e.g. [full]."));
        }

        foreach (var dup in pipeline.GroupBy(p => p).Where(g => g.Count() > 1))
        {
            diagnostics.Add(new ConfigDiagnostic(c.LocationOf("pipeline"), $"pipeline: phase '{dup.Key}' appears twice; give each phase its own name."));
        }

        var phases = new Dictionary<string, PhaseSpec>(StringComparer.Ordinal);
        foreach (var phase in c.PhaseNames)
        {
            if (!c.Values.ContainsKey($"phases.{phase}.kind"))
            {
                continue;
            }

            string P(string key) => $"phases.{phase}.{key}";
            phases[phase] = new PhaseSpec(
                phase,
                c.Get<string>(P("kind")),
                c.Get<int>(P("epochs")),
                c.Get<int>(P("warmup_epochs")),
                c.Get<double>(P("warmup_lr")),
                c.Get<int>(P("batch_size")),
                c.Get<int>(P("base_batch_size")),
                c.Get<double>(P("lr")),
                c.Get<double>(P("momentum")),
                c.Get<bool>(P("nesterov")),
                c.Get<double>(P("weight_decay")),
                c.Get<double>(P("label_smoothing")),
                c.Get<int>(P("eval_batch_size")));
        }

        if (pipeline.Length > 0 && phases.TryGetValue(pipeline[0], out var first) && first.Kind != "full")
        {
            diagnostics.Add(new ConfigDiagnostic(c.LocationOf("pipeline"), $"pipeline: the first phase must be of kind 'full' (the teacher every later phase needs); '{pipeline[0]}' is '{first.Kind}'."));
        }

        var dataset = c.Get<string>("data.dataset");
        var root = c.Get<string>("data.root");
        var data = new DataSpec(
            dataset,
            root.Length > 0 ? ResolveRoot(root, directory) : DatasetInfo.Get(dataset).DefaultRoot,
            c.Get<int>("data.train_subset"),
            c.Get<double>("data.val_fraction"),
            c.Get<int>("data.split_seed"),
            new AugmentSpec(c.Get<int>("data.augment.random_crop_padding"), c.Get<bool>("data.augment.horizontal_flip")));

        var supernet = new SupernetSpec(
            c.Get<string>("supernet.kind"),
            c.Get<double>("supernet.width_mult"),
            c.Get<int>("supernet.stem_stride"),
            c.Get<int[]>("supernet.stage_strides"),
            c.Get<int[]>("supernet.kernel_sizes"),
            c.Get<int[]>("supernet.expand_ratios"),
            c.Get<int[]>("supernet.depths"),
            c.Get<int[]>("supernet.resolutions"),
            c.Get<double>("supernet.dropout"),
            c.Get<double>("supernet.bn_momentum"),
            c.Get<double>("supernet.bn_eps"));

        if (diagnostics.Count > 0)
        {
            throw new ConfigException(diagnostics);
        }

        return new ExperimentSpec(
            name,
            directory,
            c.Get<int>("seed"),
            new DeviceSpec(c.Get<string>("device.kind"), c.Get<int>("device.threads")),
            data,
            supernet,
            pipeline,
            phases,
            tables);
    }

    private static string ResolveRoot(string root, string experimentDirectory) =>
        Path.IsPathRooted(root) ? root : Path.GetFullPath(Path.Combine(experimentDirectory, root));
}
