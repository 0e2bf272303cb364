using OfaExp.Execution;
using OfaExp.Execution.Planning;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Core.Planning;
using OfaExp.Storage;

namespace OfaExp.Cli.Commands;

/// <summary>
/// The shape shared by `tables`, `figures` and `report`: DIR and overrides planned against the recorded store
/// (opened read-only; null when there is none), then one regeneration that trains nothing.
/// </summary>
public static class StoreViewCommand
{
    public static void Configure(CommandLineApplication cmd, string description, Func<RunPlan, RunStore?, Workspace, int> regenerate) =>
        Configure(cmd, description, (_, plan, store, workspace) => regenerate(plan, store, workspace));

    /// <param name="regenerate">Also given DIR as typed, for outputs kept per directory (the report).</param>
    public static void Configure(CommandLineApplication cmd, string description, Func<string, RunPlan, RunStore?, Workspace, int> regenerate)
    {
        cmd.Description = description;
        var dir = cmd.Argument("DIR", "Experiment directory");
        var overrides = cmd.Argument("OVERRIDES", "key.path=value settings applied on top of the files", multipleValues: true);
        var common = new CommonOptions(cmd);
        cmd.OnExecute(() =>
        {
            var workspace = common.Workspace;
            using var store = workspace.OpenExistingStore();
            var directory = Args.Required(dir);
            var plan = PlanBuilder.BuildFromStore(directory, overrides.Values, store);
            return regenerate(directory, plan, store, workspace);
        });
    }
}
