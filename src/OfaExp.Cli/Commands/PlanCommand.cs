using OfaExp.Execution;
using OfaExp.Execution.Planning;
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
            // Streamed, so a sweep of any size under the cap plans in bounded memory and --json prints as it plans.
            // The store is opened first: where the data set is not installed, its recorded fingerprints stand in.
            using var store = common.Workspace.OpenExistingStore();
            var plan = PlanBuilder.Stream(Args.Required(dir), overrides.Values, new FingerprintSource(store).Fingerprint);
            var none = new Dictionary<string, RunStatus>();
            IReadOnlyDictionary<string, RunStatus> Status(IReadOnlyList<string> ids) => store?.StatusOf(ids) ?? none;
            if (json.HasValue())
            {
                Console.Out.Flush();
                using var stdout = Console.OpenStandardOutput();
                PlanJsonWriter.Write(stdout, plan, Status);
            }
            else
            {
                Console.Out.Write(PlanPrinter.Text(plan, Status));
            }

            return 0;
        });
    }
}
