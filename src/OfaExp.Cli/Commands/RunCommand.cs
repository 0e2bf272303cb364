using OfaExp.Execution;
using OfaExp.Execution.Planning;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Core.Errors;
using OfaExp.Core.Hashing;

namespace OfaExp.Cli.Commands;

/// <summary>`ofaexp run ID`: train one planned run (and any pending ancestors it needs).</summary>
public static class RunCommand
{
    public static void Configure(CommandLineApplication cmd)
    {
        cmd.Description = "Run one run of the plan by id prefix, with whatever ancestors it still needs.";
        var id = cmd.Argument("ID", "Run id or unique prefix (as printed by plan)");
        var overrides = cmd.Argument("OVERRIDES", "key.path=value settings applied on top of the files (as the sweep that planned the run had them)", multipleValues: true);
        var experiments = cmd.Option("--experiments <DIR>", "Where to look for the run (default: experiments)", CommandOptionType.SingleValue);
        var bundles = cmd.Option("--bundles <DIR>", "Train the run in its run bundle under DIR instead of the store (what a Slurm task does; 'ofaexp ingest DIR' merges finished bundles)", CommandOptionType.SingleValue);
        var common = new CommonOptions(cmd);
        cmd.OnExecute(() =>
        {
            var prefix = Args.Required(id).ToLowerInvariant();
            // Only the run asked for has to fit this build's device, not every experiment beside it (checked below).
            var fingerprints = new FingerprintSource(null);
            var plan = PlanBuilder.Build(experiments.Value() ?? "experiments", overrides.Values, fingerprints.Fingerprint, torchBackend: Core.Spec.DeviceKind.Cuda);
            var matches = plan.Runs.Where(r => r.Id.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            if (matches.Count == 0)
            {
                throw new OfaExpException($"No planned run id starts with '{prefix}' in {experiments.Value() ?? "experiments"}. Run 'ofaexp plan DIR' to list run ids.");
            }

            if (matches.Count > 1)
            {
                throw new OfaExpException($"The prefix '{prefix}' matches {matches.Count} planned runs ({string.Join(", ", matches.Take(5).Select(m => $"{RunIdentity.Short(m.Id)} {m.Experiment}/{m.Phase}"))}); give more characters.");
            }

            if (matches[0].Spec.Device.Kind == Core.Spec.DeviceKind.Cuda && PlanBuilder.TorchBackend != Core.Spec.DeviceKind.Cuda)
            {
                PlanBuilder.Build(matches[0].Spec.Directory, overrides.Values); // fails naming the file and line of device.kind
            }

            return bundles.Value() is { } dir
                ? SweepCommand.ExecuteInBundle(plan, matches[0].Id, dir)
                : SweepCommand.Execute(plan, [matches[0].Id], common.Workspace, fingerprints.Computed, trainSubmitted: true);
        });
    }
}
