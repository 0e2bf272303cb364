using OfaExp.Core.Planning;

namespace OfaExp.Core.Tests;

internal static class Plans
{
    public const string Fingerprint = "f00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeed";

    public static RunPlan Of(string directory, params string[] overrides)
    {
        var experiments = ExperimentTree.Discover(directory)
            .Select(s => (s, ExperimentTree.Load(s, overrides)))
            .ToList();
        return RunPlanner.Plan(experiments, _ => Fingerprint);
    }

    public static Dictionary<string, string> IdsByPhase(RunPlan plan) =>
        plan.Runs.ToDictionary(r => r.Phase, r => r.Id);
}
