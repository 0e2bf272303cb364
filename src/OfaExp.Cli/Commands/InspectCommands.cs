using OfaExp.Execution;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Cli.Output;
using OfaExp.Core.Errors;
using OfaExp.Reports;
using OfaExp.Storage;

namespace OfaExp.Cli.Commands;

/// <summary>The read-only commands over recorded runs: status, show and compare. None of them loads libtorch.</summary>
public static class InspectCommands
{
    public static void ConfigureStatus(CommandLineApplication cmd)
    {
        cmd.Description = "Summarize the run store: counts by status and every recorded run.";
        var common = new CommonOptions(cmd);
        cmd.OnExecute(() =>
        {
            var workspace = common.Workspace;
            using var store = workspace.OpenExistingStore();
            Console.Out.Write(StoreStatus.Render(store?.All() ?? [], workspace.DbPath, store?.Submissions()));
            return 0;
        });
    }

    public static void ConfigureShow(CommandLineApplication cmd)
    {
        cmd.Description = "Show one run: provenance, lineage, identity inputs, metrics and artifacts.";
        var id = cmd.Argument("ID", "Run id or unique prefix");
        var common = new CommonOptions(cmd);
        cmd.OnExecute(() =>
        {
            using var store = Existing(common.Workspace);
            Console.Out.Write(RunDetails.Render(store, store.ResolvePrefix(Args.Required(id).ToLowerInvariant())));
            return 0;
        });
    }

    public static void ConfigureCompare(CommandLineApplication cmd)
    {
        cmd.Description = "Compare two runs: config diff, shared ancestry and metric deltas (B - A).";
        var a = cmd.Argument("A", "Run id or unique prefix");
        var b = cmd.Argument("B", "Run id or unique prefix");
        var common = new CommonOptions(cmd);
        cmd.OnExecute(() =>
        {
            using var store = Existing(common.Workspace);
            var left = store.Recorded(store.ResolvePrefix(Args.Required(a).ToLowerInvariant()));
            var right = store.Recorded(store.ResolvePrefix(Args.Required(b).ToLowerInvariant()));
            Console.Out.Write(RunComparisonText.Render(RunComparison.Compare(left, right, store.Find)));
            return 0;
        });
    }

    private static RunStore Existing(Workspace workspace) =>
        workspace.OpenExistingStore()
        ?? throw new OfaExpException($"No run store at {workspace.DbPath}: nothing has been recorded yet. Run 'ofaexp sweep DIR' first, or pass --db.");
}
