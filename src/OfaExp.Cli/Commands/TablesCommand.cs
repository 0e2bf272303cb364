using McMaster.Extensions.CommandLineUtils;
using OfaExp.Cli.Output;

namespace OfaExp.Cli.Commands;

/// <summary>`ofaexp tables DIR`: rewrite the declared tables from the store alone (no training).</summary>
public static class TablesCommand
{
    public static void Configure(CommandLineApplication cmd)
    {
        cmd.Description = "Regenerate the CSV tables of the experiments under DIR from recorded runs (trains nothing).";
        var dir = cmd.Argument("DIR", "Experiment directory");
        var overrides = cmd.Argument("OVERRIDES", "key.path=value settings applied on top of the files", multipleValues: true);
        var common = new CommonOptions(cmd);
        cmd.OnExecute(() =>
        {
            // Trains nothing, so any device.kind is fine: runs trained by a CUDA build tabulate in a CPU build.
            // Reads the store only: where the data set is not installed, the fingerprints its sweeps recorded stand in.
            var workspace = common.Workspace;
            using var store = workspace.OpenExistingStore();
            var plan = PlanBuilder.Build(Args.Required(dir), overrides.Values, new FingerprintSource(store).Fingerprint, torchBackend: DeviceCheck.Cuda);
            foreach (var (path, changed) in TableRegenerator.Regenerate(plan, store, workspace.TablesDir))
            {
                Console.Out.WriteLine($"table {Path.GetRelativePath(Environment.CurrentDirectory, path)} {(changed ? "written" : "unchanged")}");
            }

            return 0;
        });
    }
}
