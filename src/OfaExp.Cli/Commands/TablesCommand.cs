using OfaExp.Execution.Outputs;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Cli.Output;

namespace OfaExp.Cli.Commands;

/// <summary>`ofaexp tables DIR`: rewrite the declared tables from the store alone (no training).</summary>
public static class TablesCommand
{
    public static void Configure(CommandLineApplication cmd) => StoreViewCommand.Configure(
        cmd,
        "Regenerate the CSV tables of the experiments under DIR from recorded runs (trains nothing).",
        (plan, store, workspace) =>
        {
            foreach (var (path, changed) in TableRegenerator.Regenerate(plan, store, workspace.TablesDir))
            {
                Console.Out.WriteLine($"table {Path.GetRelativePath(Environment.CurrentDirectory, path)} {(changed ? "written" : "unchanged")}");
            }

            return 0;
        });
}
