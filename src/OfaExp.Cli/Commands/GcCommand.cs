using OfaExp.Execution;
using System.Globalization;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Cli.Output;
using OfaExp.Core.Errors;
using OfaExp.Storage;
using OfaExp.Storage.Gc;

namespace OfaExp.Cli.Commands;

/// <summary>`ofaexp gc`: deletes artifact files no recorded run references and, when asked, old checkpoints of done runs.</summary>
public static class GcCommand
{
    public static void Configure(CommandLineApplication cmd)
    {
        cmd.Description = "Delete artifact files that no recorded run references; with --keep-last-checkpoints K also the "
            + "checkpoints of done runs except their last K epochs and their best epoch. Needs the store to itself.";
        var keep = cmd.Option(
            "--keep-last-checkpoints <K>",
            "Also delete checkpoints of done runs, keeping each one's last K epochs and its best (a teacher's) epoch",
            CommandOptionType.SingleValue);
        var dryRun = cmd.Option("--dry-run", "List what would be deleted and the bytes it frees; change nothing", CommandOptionType.NoValue);
        var common = new CommonOptions(cmd);
        cmd.OnExecute(() =>
        {
            var keepLast = KeepLast(keep.Value());
            var workspace = common.Workspace;
            var dry = dryRun.HasValue();
            // Without its store every artifact would look unreferenced: refuse rather than empty the directory.
            var readOnly = workspace.OpenExistingStore() ?? throw new OfaExpException(
                $"No run store at {workspace.DbPath}: gc deletes the artifacts a store does not reference, so it needs " +
                $"the store that {workspace.StoreDir} belongs to. Pass it with --db (and --artifacts). Nothing was deleted.");
            using var store = dry ? readOnly : Writable(readOnly, workspace);
            var collector = new GarbageCollector(store, new ArtifactStore(workspace.StoreDir));
            var plan = dry ? collector.Plan(keepLast) : collector.Collect(keepLast);
            Console.Out.Write(GcText.Render(plan, dry));
            return ExitCodes.Ok;
        });
    }

    private static RunStore Writable(RunStore readOnly, Workspace workspace)
    {
        readOnly.Dispose();
        return workspace.OpenStore();
    }

    private static int? KeepLast(string? value) =>
        value is null ? null
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var keep) ? keep
        : throw new OfaExpException(
            $"--keep-last-checkpoints '{value}' is not a whole number of epochs >= 0 (0 keeps only each run's best epoch).");
}
