using McMaster.Extensions.CommandLineUtils;
using OfaExp.Core.Errors;
using OfaExp.Core.Hashing;
using OfaExp.Execution;
using OfaExp.Storage;

namespace OfaExp.Cli.Commands;

/// <summary>`ofaexp ingest DIR`: merge the finished run bundles a Slurm sweep's tasks wrote into the store.</summary>
public static class IngestCommand
{
    public static void Configure(CommandLineApplication cmd)
    {
        cmd.Description = "Merge the finished run bundles under DIR (written by 'sweep --launcher slurm' tasks) into the store. Idempotent; a bundle that does not verify, or whose run the store has with another result on the same hardware, is refused (exit 2) and nothing is written; on other hardware the store's result is kept.";
        var dir = cmd.Argument("DIR", "Bundle directory (the sweep prints it; default of the Slurm launcher: <artifacts>/bundles)");
        var common = new CommonOptions(cmd);
        cmd.OnExecute(() =>
        {
            var bundles = Path.GetFullPath(Args.Required(dir));
            var workspace = common.Workspace;

            // Checked before the store is opened, which would create it.
            BundleIngest.Bundles(bundles);
            using var store = workspace.OpenStore();
            var report = BundleIngest.Ingest(bundles, store, new ArtifactStore(workspace.StoreDir));
            Console.Out.WriteLine($"{report.Ingested.Count} ingested, {report.Already.Count} already in the store, {report.HardwareDifferences.Count} hardware differences, {report.Unfinished.Count} not finished.");
            foreach (var id in report.Unfinished)
            {
                Console.Out.WriteLine($"not finished: {RunIdentity.Short(id)} (its task is queued, running, failed or cancelled; 'ofaexp status' shows its Slurm job)");
            }

            foreach (var d in report.HardwareDifferences)
            {
                Console.Out.WriteLine($"run {RunIdentity.Short(d.RunId)}: bundle trained on {d.Bundle}, the store's on {d.Store}: results differ by float noise; kept the store's");
            }

            if (report.Ingested.Count > 0)
            {
                Console.Out.WriteLine("Run 'ofaexp tables DIR' (or 'ofaexp sweep DIR', which trains nothing that is done) to rewrite the tables.");
            }

            return ExitCodes.Ok;
        });
    }
}
