using McMaster.Extensions.CommandLineUtils;
using OfaExp.Cli.Output;
using OfaExp.Core.Runs;

namespace OfaExp.Cli.Commands;

/// <summary>`ofaexp plan DIR [key=value...]`: the run graph with ids and done/pending, without running anything.</summary>
public static class PlanCommand
{
    public static void Configure(CommandLineApplication cmd)
    {
        cmd.Description = "Show the run graph of the experiments under DIR (dry run): run ids, phases, parents, done/pending.";
        var dir = cmd.Argument("DIR", "Experiment directory (every experiment.yaml below it)");
        var overrides = cmd.Argument("OVERRIDES", "key.path=value settings applied on top of the files", multipleValues: true);
        var json = cmd.Option("--json", "Print the plan as JSON", CommandOptionType.NoValue);
        var common = new CommonOptions(cmd);
        cmd.OnExecute(() =>
        {
            using var store = common.Workspace.OpenExistingStore();
            var plan = PlanBuilder.Build(Args.Required(dir), overrides.Values, new FingerprintSource(store).Fingerprint);
            var status = store?.StatusOf(plan.Runs.Select(r => r.Id)) ?? new Dictionary<string, RunStatus>();
            Console.Out.Write(json.HasValue() ? PlanPrinter.Json(plan, status) : PlanPrinter.Text(plan, status));
            return 0;
        });
    }
}
