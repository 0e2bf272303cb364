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
            var workspace = common.Workspace;
            using var store = workspace.OpenExistingStore();
            var plan = PlanBuilder.BuildFromStore(Args.Required(dir), overrides.Values, store);
            foreach (var (path, changed) in TableRegenerator.Regenerate(plan, store, workspace.TablesDir))
            {
                Console.Out.WriteLine($"table {Path.GetRelativePath(Environment.CurrentDirectory, path)} {(changed ? "written" : "unchanged")}");
            }

            return 0;
        });
    }
}
