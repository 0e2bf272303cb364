using OfaExp.Core.Runs;

namespace OfaExp.Storage.Gc;

/// <summary>What gc needs to know of a run to decide which of its checkpoints later runs may still need.</summary>
/// <param name="BestEpoch">The epoch a distilling run takes its teacher from (<see cref="Core.Execution.BestEpoch"/>); null when none was recorded.</param>
public sealed record GcRun(string Id, RunStatus Status, int? BestEpoch);
