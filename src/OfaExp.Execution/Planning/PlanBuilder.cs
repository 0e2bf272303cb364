using System.Reflection;
using OfaExp.Core.Config;
using OfaExp.Core.Planning;
using OfaExp.Core.Spec;
using OfaExp.Data;
using OfaExp.Reports;

namespace OfaExp.Execution.Planning;

/// <summary>Loads and validates every experiment under a directory and expands them into the run graph; writes nothing.</summary>
public static class PlanBuilder
{
    /// <summary>The libtorch this build bundles (MSBuild property OfaExpTorchBackend, recorded in every assembly).</summary>
    public static DeviceKind TorchBackend { get; } = DeviceKindNames.Spelling.Parse(
        typeof(PlanBuilder).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "OfaExpTorchBackend")?.Value
        ?? DeviceKindNames.Spelling.Name(DeviceKind.Cpu));

    /// <param name="fingerprint">
    /// The dataset fingerprint; default <see cref="DatasetFingerprint.Compute"/>, which fails with exit code 2
    /// naming the missing files when a data set is not installed. Tests inject a stand-in for data sets this
    /// machine lacks.
    /// </param>
    /// <param name="torchBackend">
    /// The libtorch the runs would train with; default this build's (<see cref="TorchBackend"/>). In a CPU
    /// build, device.kind: cuda is bad input (<see cref="DeviceCheck"/>); <see cref="DeviceKind.Cuda"/> accepts every device.
    /// </param>
    public static RunPlan Build(string directory, IReadOnlyList<string> overrides, Func<Core.Spec.DataSpec, string>? fingerprint = null, DeviceKind? torchBackend = null)
    {
        var loaded = Load(directory, overrides, torchBackend);
        var plan = RunPlanner.Plan(loaded, fingerprint ?? DatasetFingerprint.Compute, FileDigest);
        SearchTargetCheck.Flops(plan.Runs);
        return plan with
        {
            Figures = loaded.ToDictionary(l => l.Item1.Name, l => l.Item2.Figures, StringComparer.Ordinal),
            Descriptions = loaded.ToDictionary(l => l.Item1.Name, l => l.Item2.Base.Get<string>("description"), StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// The plan for commands that only read recorded runs (tables, figures): any device.kind is fine, since they
    /// train nothing, and where the data set is not installed the fingerprints <paramref name="store"/> recorded
    /// stand in.
    /// </summary>
    public static RunPlan BuildFromStore(string directory, IReadOnlyList<string> overrides, Storage.RunStore? store) =>
        Build(directory, overrides, new FingerprintSource(store).Fingerprint, torchBackend: DeviceKind.Cuda);

    /// <summary>
    /// The plan as a stream of points (see <see cref="RunPlanner.Stream"/>), for printing sweeps too large to hold.
    /// Points carry no settings JSON: only tables read it.
    /// </summary>
    public static StreamedPlan Stream(string directory, IReadOnlyList<string> overrides, Func<Core.Spec.DataSpec, string>? fingerprint = null, DeviceKind? torchBackend = null)
    {
        var loaded = Load(directory, overrides, torchBackend);
        var fingerprints = new Dictionary<Core.Spec.DataSpec, string>();
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        var compute = fingerprint ?? DatasetFingerprint.Compute;

        // Each enumeration plans afresh; the data sets and checkpoints it reads are hashed once per command.
        string Fingerprint(Core.Spec.DataSpec spec) =>
            fingerprints.TryGetValue(spec, out var f) ? f : fingerprints[spec] = compute(spec);
        string Digest(string path) =>
            digests.TryGetValue(path, out var d) ? d : digests[path] = FileDigest(path);

        // Checked as each run is planned, like the fingerprints and digests: an error stops the stream with exit 2.
        var counted = new Dictionary<Core.Spec.DataSpec, Core.Spec.DataSpec>();
        var steps = RunPlanner.Stream(loaded, Fingerprint, Digest, settings: false).Select(step =>
        {
            SearchTargetCheck.Flops(step.NewRuns, counted);
            return step;
        });
        long points = loaded.Sum(e => Core.Sweeps.SweepExpander.Enumerate(e.Item2.Sweep).LongCount());
        return new StreamedPlan(loaded.Select(e => e.Item1).ToList(), steps, points);
    }

    private static List<(ExperimentSource, ExperimentConfig)> Load(string directory, IReadOnlyList<string> overrides, DeviceKind? torchBackend)
    {
        var sources = ExperimentTree.Discover(directory);
        var loaded = new List<(ExperimentSource, ExperimentConfig)>();
        var problems = new List<ConfigDiagnostic>();
        foreach (var source in sources)
        {
            try
            {
                var config = ExperimentTree.Load(source, overrides);
                var recorded = PhaseMetrics.Of(config.Base);
                foreach (var table in config.Tables)
                {
                    TableBuilder.Validate(table, recorded);
                }

                foreach (var figure in config.Figures)
                {
                    Reports.Figures.FigureBuilder.Validate(figure, recorded);
                }

                loaded.Add((source, config));
                problems.AddRange(DeviceCheck.Check(config, torchBackend ?? TorchBackend));
            }
            catch (ConfigException e)
            {
                problems.AddRange(e.Diagnostics);
            }
            catch (Core.Errors.OfaExpException e) when (e is not ConfigException)
            {
                problems.Add(new ConfigDiagnostic(new SourceLocation(source.Files[^1], 0, 0), e.Message));
            }
        }

        if (problems.Count > 0)
        {
            // An experiment that others extend is loaded with each of them: its problems are reported once.
            throw new ConfigException(problems.Distinct().ToList());
        }

        return loaded;
    }

    /// <summary>The SHA-256 of a file a phase loads (an import's checkpoint); a missing file is bad input naming it.</summary>
    internal static string FileDigest(string path)
    {
        if (!File.Exists(path))
        {
            throw new Core.Errors.OfaExpException($"import.checkpoint: '{path}' does not exist. Give the path of an OFA checkpoint (.pth), relative to the experiment directory.");
        }

        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }
}
