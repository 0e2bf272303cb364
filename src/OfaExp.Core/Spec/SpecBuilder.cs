using System.Globalization;
using OfaExp.Core.Config;
using OfaExp.Core.Tables;

namespace OfaExp.Core.Spec;

/// <summary>Builds the typed <see cref="ExperimentSpec"/> of one sweep point and checks rules that span several keys.</summary>
public static class SpecBuilder
{
    /// <param name="config">
    /// One sweep point's values with <see cref="DerivedDefaults"/> applied. The planner applies them, once, because
    /// the run ids hash those same values; the spec is built from exactly what was hashed.
    /// </param>
    public static ExperimentSpec Build(string name, string directory, ResolvedConfig config, IReadOnlyList<TableSpec> tables)
    {
        ArgumentNullException.ThrowIfNull(config);
        var c = config;
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
            c.Get<double>("supernet.bn_eps"))
        {
            Exits = SupernetNames.Exits.Parse(c.Get<string>("supernet.exits")),
            Blocks = SupernetNames.Blocks.Parse(c.Get<string>("supernet.blocks")),
        };
        var space = ElasticChoices.Of(supernet);

        // OFAv2's extended order names every phase; a variant keeps those that have something to train on it.
        var applies = pipeline.Where(p => !c.Values.TryGetValue($"phases.{p}.kind", out var k) || !PhaseKindNames.Spelling.TryParse((string)k, out var kind) || PhaseKindInfo.Of(kind).AppliesTo(supernet)).ToArray();

        var phases = new Dictionary<string, PhaseSpec>(StringComparer.Ordinal);
        foreach (var phase in c.PhaseNames)
        {
            if (!c.Values.ContainsKey($"phases.{phase}.kind"))
            {
                continue;
            }

            string P(string key) => $"phases.{phase}.{key}";

            // A phase the variant drops is not checked against it: a sweep over variants shares one phases section.
            var phaseDiagnostics = applies.Contains(phase) || !pipeline.Contains(phase) ? diagnostics : [];
            phases[phase] = new PhaseSpec(
                phase,
                PhaseKindNames.Spelling.Parse(c.Get<string>(P("kind"))),
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
                c.Get<int>(P("eval_batch_size")),
                Choices(c, phase, space, phaseDiagnostics),
                c.Get<int>(P("subnets_per_step")),
                c.Get<bool>(P("sort_channels")))
            {
                Dropout = c.Values.TryGetValue(P("dropout"), out var dropout) ? (double)dropout : null,
            };
            CheckFullPhase(c, phases[phase], space, phaseDiagnostics);
        }

        if (pipeline.Length > 0 && phases.TryGetValue(pipeline[0], out var first) && first.Kind is not (PhaseKind.Full or PhaseKind.Import))
        {
            diagnostics.Add(new ConfigDiagnostic(c.LocationOf("pipeline"), $"pipeline: the first phase must be of kind 'full' (the teacher every later phase needs) or 'import' (a supernet trained elsewhere); '{pipeline[0]}' is '{PhaseKindNames.Spelling.Name(first.Kind)}'."));
        }

        var checkpoint = c.Get<string>("import.checkpoint");
        foreach (var importPhase in applies.Where(p => phases.TryGetValue(p, out var ph) && ph.Kind == PhaseKind.Import))
        {
            if (checkpoint.Length == 0)
            {
                diagnostics.Add(new ConfigDiagnostic(c.LocationOf("import.checkpoint"), $"import.checkpoint: the '{importPhase}' phase loads a checkpoint; give its path (relative to the experiment directory), e.g. ofa_mbv3_d234_e346_k357_w1.0.pth."));
            }

            if (pipeline[0] != importPhase)
            {
                diagnostics.Add(new ConfigDiagnostic(c.LocationOf("pipeline"), $"pipeline: '{importPhase}' loads a whole supernet, so it can only be the first phase."));
            }
        }

        var dataset = c.Get<string>("data.dataset");
        var root = c.Get<string>("data.root");
        var data = new DataSpec(
            dataset,
            root.Length > 0 ? ResolveRoot(root, directory) : DatasetInfo.Get(dataset).DefaultRoot,
            c.Get<int>("data.train_subset"),
            c.Get<double>("data.val_fraction"),
            c.Get<int>("data.split_seed"),
            new AugmentSpec(
                c.Get<int>("data.augment.random_crop_padding"),
                c.Get<bool>("data.augment.horizontal_flip"),
                c.Get<double>("data.augment.random_resized_crop"))
            {
                Color = ColorJitterNames.Spelling.Parse(c.Get<string>("data.augment.color_jitter")),
            })
        {
            DecodeThreads = c.Get<int>("data.decode_threads"),
        };
        CheckStreamed(c, data, diagnostics);
        if (data.Augment.ResizedCrop && data.Augment.RandomCropPadding > 0)
        {
            diagnostics.Add(new ConfigDiagnostic(c.LocationOf("data.augment.random_resized_crop"),
                $"data.augment.random_resized_crop: {data.Augment.ResizedCropMinScale.ToString(CultureInfo.InvariantCulture)} and data.augment.random_crop_padding: {data.Augment.RandomCropPadding} are two crops; keep one (OFA's ImageNet training uses the random-resized crop, set random_crop_padding: 0)."));
        }

        var kd = new KdSpec(c.Get<double>("kd.ratio"), KdLossNames.Spelling.Parse(c.Get<string>("kd.loss")), c.Get<double>("kd.temperature"));
        if (kd.Enabled && kd.UsesTeacherExits && !supernet.HasEarlyExits)
        {
            diagnostics.Add(new ConfigDiagnostic(c.LocationOf("kd.loss"),
                $"kd.loss: '{KdLossNames.Spelling.Name(kd.Loss)}' distills from several teacher exits, but supernet.exits is '{SupernetNames.Exits.Name(supernet.Exits)}' (one exit); set supernet.exits: early, or use logits or kl."));
        }

        var teacher = new TeacherSpec(TeacherSelectionNames.Spelling.Parse(c.Get<string>("teacher.selection")));
        var evalResolutions = c.Get<int[]>("eval.resolutions");
        CheckSubset(c, "eval.resolutions", evalResolutions, "supernet.resolutions", supernet.Resolutions, diagnostics);
        var eval = new EvalSpec(
            c.Get<int>("eval.recal_images"),
            c.Get<int>("eval.recal_batch_size"),
            c.Get<string[]>("eval.subnets").Select(n => UniformSubnet.Resolve(n, space)).ToList(),
            evalResolutions)
        {
            Test = c.Get<bool>("eval.test"),
            TestSubset = c.Get<int>("eval.test_subset"),
        };

        var search = BuildSearch(c, supernet, applies, phases, diagnostics);
        var device = new DeviceSpec(DeviceKindNames.Spelling.Parse(c.Get<string>("device.kind")), c.Get<int>("device.threads"), DTypeNames.Spelling.Parse(c.Get<string>("device.dtype")),
            MemoryFormatNames.Spelling.Parse(c.Get<string>("device.memory_format")));
        var latencyRuntime = LatencyRuntimeNames.Spelling.Parse(c.Get<string>("latency_table.runtime"));
        CheckLatencyRuntime(c, latencyRuntime, device, applies, phases, diagnostics);
        if (diagnostics.Count > 0)
        {
            throw new ConfigException(diagnostics);
        }

        return new ExperimentSpec(
            name,
            directory,
            c.Get<int>("seed"),
            device,
            data,
            supernet,
            applies,
            phases,
            tables,
            kd,
            teacher,
            eval)
        {
            DroppedPhases = [.. pipeline.Except(applies)],
            AccuracyDataset = new AccuracyDatasetSpec(c.Get<int>("accuracy_dataset.samples"), AccuracySamplerNames.Spelling.Parse(c.Get<string>("accuracy_dataset.sampler"))),
            Predictor = new PredictorSpec(
                c.Get<int>("predictor.hidden_size"), c.Get<double>("predictor.lr"), c.Get<double>("predictor.weight_decay"),
                c.Get<int>("predictor.epochs"), c.Get<int>("predictor.batch_size"), c.Get<double>("predictor.holdout_fraction")),
            LatencyTable = new LatencyTableSpec(
                c.Get<int>("latency_table.warmup"), c.Get<int>("latency_table.repeats"), c.Get<int>("latency_table.check_subnets"), c.Get<int>("latency_table.batch_size"))
            {
                Runtime = latencyRuntime,
            },
            Search = search,
            ImportCheckpoint = checkpoint.Length > 0 ? ResolveRoot(checkpoint, directory) : "",
        };
    }

    /// <summary>
    /// The search settings, and the order the search kinds need: training phases first (they make the supernet),
    /// then an accuracy data set, a predictor trained on it, a latency table where latency is searched, and the
    /// search, each reading what an earlier phase of its lineage produced.
    /// </summary>
    private static SearchSpec BuildSearch(ResolvedConfig c, SupernetSpec supernet, string[] pipeline, Dictionary<string, PhaseSpec> phases, List<ConfigDiagnostic> diagnostics)
    {
        var efficiency = Search.EfficiencyKindNames.Spelling.Parse(c.Get<string>("search.efficiency"));
        var targets = c.Get<string[]>("search.targets").Select(Search.EfficiencyTarget.Parse).ToList();
        var search = new SearchSpec(
            efficiency,
            targets,
            Search.SearchStrategyNames.Spelling.Parse(c.Get<string>("search.strategy")),
            c.Get<int>("search.population"),
            c.Get<int>("search.generations"),
            c.Get<double>("search.parent_ratio"),
            c.Get<double>("search.mutation_ratio"),
            c.Get<double>("search.mutation_prob"),
            c.Get<int>("search.n2"))
        {
            FinetuneEpochs = c.Get<int>("search.finetune_epochs"),
            FinetuneLr = c.Get<double>("search.finetune_lr"),
            ResolutionMutationProbability = c.Get<double>("search.resolution_mutate_prob"),
            Resolutions = c.Get<int[]>("search.resolutions"),
            TopDownSeed = Search.TopDownSeedNames.Spelling.Parse(c.Get<string>("search.top_down_seed")),
        };
        CheckSubset(c, "search.resolutions", search.Resolutions, "supernet.resolutions", supernet.Resolutions, diagnostics);

        var seen = new HashSet<PhaseRole>();
        foreach (var name in pipeline)
        {
            if (!phases.TryGetValue(name, out var phase))
            {
                continue;
            }

            var kind = PhaseKindInfo.Of(phase.Kind);

            var where = c.LocationOf("pipeline");
            var needs = kind.Role switch
            {
                PhaseRole.Train when seen.Any(r => r != PhaseRole.Train) => $"pipeline: the training phase '{name}' comes after a search phase; list the training phases first, then accuracy_dataset, predictor, latency_table and search.",
                PhaseRole.AccuracyDataset when !seen.Contains(PhaseRole.Train) => $"pipeline: '{name}' evaluates subnets of a trained supernet, so a training phase (full, kernel, ..., expand) must come before it.",
                PhaseRole.Predictor when !seen.Contains(PhaseRole.AccuracyDataset) => $"pipeline: '{name}' trains on an accuracy data set, so an accuracy_dataset phase must come before it.",
                PhaseRole.Search when !seen.Contains(PhaseRole.Predictor) => $"pipeline: '{name}' ranks candidates with an accuracy predictor, so a predictor phase must come before it.",
                // The latency table times one layer shape at a time, and a parallel block's branches only run summed
                // inside their block position: refused here rather than after the supernet has trained for days.
                PhaseRole.LatencyTable when supernet.HasParallelBlocks => $"pipeline: '{name}' times the space layer by layer, which is not supported for parallel-block supernets (supernet.blocks: {SupernetNames.Blocks.Name(supernet.Blocks)}) yet; search them under FLOPs targets (search.efficiency: flops) without a latency_table phase.",
                PhaseRole.Search when efficiency == Search.EfficiencyKind.Latency && !seen.Contains(PhaseRole.LatencyTable) => $"pipeline: '{name}' searches under latency targets (search.efficiency: latency), so a latency_table phase must come before it; or set search.efficiency: flops.",
                _ => null,
            };
            if (needs is not null)
            {
                diagnostics.Add(new ConfigDiagnostic(where, needs));
            }

            if (kind.Role == PhaseRole.Search)
            {
                if (targets.Count == 0)
                {
                    diagnostics.Add(new ConfigDiagnostic(c.LocationOf("search.targets"), $"search.targets: the '{name}' phase needs at least one target, e.g. [40MFLOPs, 60MFLOPs] or [5ms]."));
                }
                else if (targets[0].Kind != efficiency)
                {
                    diagnostics.Add(new ConfigDiagnostic(c.LocationOf("search.targets"),
                        $"search.targets: the targets are in {targets[0].Unit} but search.efficiency is '{Search.EfficiencyKindNames.Spelling.Name(efficiency)}'; write them in {Search.EfficiencyTarget.UnitOf(efficiency)} or change search.efficiency."));
                }
            }

            seen.Add(kind.Role);
        }

        return search;
    }

    private static ElasticChoices Choices(ResolvedConfig c, string phase, ElasticChoices space, List<ConfigDiagnostic> diagnostics)
    {
        var lists = new List<IReadOnlyList<int>>();
        foreach (var dimension in ElasticChoices.Dimensions)
        {
            var path = $"phases.{phase}.{dimension}";
            var value = c.Get<int[]>(path);
            var source = dimension switch
            {
                "levels" => "the levels of supernet.blocks",
                "exits" => "the exit stages of supernet.exits",
                _ => $"supernet.{dimension}",
            };
            CheckSubset(c, path, value, source, space.Get(dimension), diagnostics);
            lists.Add(value);
        }

        return new ElasticChoices(lists[0], lists[1], lists[2], lists[3], lists[4], lists[5]);
    }

    private static void CheckSubset(ResolvedConfig c, string path, IReadOnlyList<int> value, string supernetPath, IReadOnlyList<int> allowed, List<ConfigDiagnostic> diagnostics)
    {
        var outside = value.Where(v => !allowed.Contains(v)).ToList();
        if (outside.Count > 0)
        {
            diagnostics.Add(new ConfigDiagnostic(c.LocationOf(path),
                $"{path}: {string.Join(", ", outside)} {(outside.Count == 1 ? "is" : "are")} not among {supernetPath} [{string.Join(", ", allowed)}]; a phase can only sample, and a search only draw, what the supernet has."));
        }
    }

    // The full trainer trains one network, the maximal one; accepting other values here would silently ignore them.
    // Resolution is the exception: OFA trains every phase, the first included, at a random resolution per batch,
    // so a full phase may list several as long as the largest (the one it validates at) is among them.
    private static void CheckFullPhase(ResolvedConfig c, PhaseSpec phase, ElasticChoices space, List<ConfigDiagnostic> diagnostics)
    {
        if (phase.Kind != PhaseKind.Full)
        {
            return;
        }

        string P(string key) => $"phases.{phase.Name}.{key}";
        foreach (var dimension in ElasticChoices.Dimensions)
        {
            var value = phase.Choices.Get(dimension);
            var max = space.Get(dimension).Max();
            if (dimension == "resolutions")
            {
                if (!value.Contains(max))
                {
                    diagnostics.Add(new ConfigDiagnostic(c.LocationOf(P(dimension)),
                        $"{P(dimension)}: a 'full' phase validates the maximal network at the largest resolution, so the list must include {max}."));
                }

                continue;
            }

            if (value.Count != 1 || value[0] != max)
            {
                diagnostics.Add(new ConfigDiagnostic(c.LocationOf(P(dimension)),
                    $"{P(dimension)}: a 'full' phase trains only the maximal network, so this can only be [{max}] (or left out); use a kernel, level, height, depth or expand phase to make it elastic."));
            }
        }

        if (phase.SubnetsPerStep != 1)
        {
            diagnostics.Add(new ConfigDiagnostic(c.LocationOf(P("subnets_per_step")),
                $"{P("subnets_per_step")}: a 'full' phase trains one network, so this can only be 1 (or left out)."));
        }

        if (phase.SortChannels)
        {
            diagnostics.Add(new ConfigDiagnostic(c.LocationOf(P("sort_channels")),
                $"{P("sort_channels")}: channel sorting belongs to a shrinking phase (OFA sorts before each expand phase), not to 'full'."));
        }
    }

    /// <summary>
    /// ONNX Runtime times on the CPU in float32 (the package OfaExp bundles is ONNX Runtime's CPU build, and the ONNX
    /// graphs hold float32 weights): a latency table that names it for a CUDA device or a float64 run would time
    /// something else than the run asks for. Checked where a phase times in that runtime: a latency_table phase, and
    /// a search phase, which times the subnets it finds in the same runtime.
    /// </summary>
    private static void CheckLatencyRuntime(ResolvedConfig c, LatencyRuntime runtime, DeviceSpec device, string[] pipeline, Dictionary<string, PhaseSpec> phases, List<ConfigDiagnostic> diagnostics)
    {
        var table = pipeline.FirstOrDefault(p => phases.TryGetValue(p, out var phase) && PhaseKindInfo.Of(phase.Kind).Role is PhaseRole.LatencyTable or PhaseRole.Search);
        if (runtime != LatencyRuntime.Onnxruntime || table is null)
        {
            return;
        }

        var where = c.LocationOf("latency_table.runtime");
        if (device.Kind == DeviceKind.Cuda)
        {
            diagnostics.Add(new ConfigDiagnostic(where,
                $"latency_table.runtime: '{table}' would time in ONNX Runtime, whose package here is its CPU build, but device.kind is 'cuda'; use latency_table.runtime: libtorch to time the GPU, or device.kind: cpu."));
        }

        if (device.DType != DType.Float32)
        {
            diagnostics.Add(new ConfigDiagnostic(where,
                $"latency_table.runtime: '{table}' would time float32 ONNX graphs in ONNX Runtime, but device.dtype is '{DTypeNames.Spelling.Name(device.DType)}'; use latency_table.runtime: libtorch, or device.dtype: float32."));
        }
    }

    /// <summary>
    /// A streamed image folder has no directory to fall back on (image_folder) and photos of every size, so its
    /// training transform must be the random-resized crop that brings each to the step's resolution.
    /// </summary>
    private static void CheckStreamed(ResolvedConfig c, DataSpec data, List<ConfigDiagnostic> diagnostics)
    {
        if (!data.Info.Streamed)
        {
            if (data.Augment.Color != ColorJitter.None)
            {
                diagnostics.Add(new ConfigDiagnostic(c.LocationOf("data.augment.color_jitter"),
                    $"data.augment.color_jitter: the colour jitter is applied by the streaming image pipeline (data sets '{DatasetInfo.ImageFolder}' and '{DatasetInfo.ImageNet}'), not to '{data.Dataset}'; remove it or set it to none."));
            }

            return;
        }

        if (data.Root.Length == 0)
        {
            diagnostics.Add(new ConfigDiagnostic(c.LocationOf("data.root"),
                $"data.root: data set '{data.Dataset}' reads the directory that holds train/<class>/ folders of JPEG or PNG images; set data.root to it (relative to the experiment directory or absolute)."));
        }

        if (!data.Augment.ResizedCrop)
        {
            diagnostics.Add(new ConfigDiagnostic(c.LocationOf("data.augment.random_resized_crop"),
                $"data.augment.random_resized_crop: data set '{data.Dataset}' holds images of any size, which training crops to the step's resolution with a random-resized crop; set its smallest area fraction (OFA: 0.08)."));
        }

        // With both crops set, the general check above already says to keep one.
        if (data.Augment.RandomCropPadding > 0 && !data.Augment.ResizedCrop)
        {
            diagnostics.Add(new ConfigDiagnostic(c.LocationOf("data.augment.random_crop_padding"),
                $"data.augment.random_crop_padding: data set '{data.Dataset}' is cropped by data.augment.random_resized_crop; set random_crop_padding: 0."));
        }
    }

    private static string ResolveRoot(string root, string experimentDirectory) =>
        Path.IsPathRooted(root) ? root : Path.GetFullPath(Path.Combine(experimentDirectory, root));
}
