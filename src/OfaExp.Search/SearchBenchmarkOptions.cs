using OfaExp.Core.Search;
namespace OfaExp.Search;

/// <summary>What <see cref="SearchBenchmark"/> runs; the defaults are OFA's ImageNet search (population 100, 500 generations).</summary>
/// <param name="Threads">Predictor threads (1 measured fastest on a shared 2-core machine); 0 = every core.</param>
/// <param name="Repeats">Timed repeats per case (the fastest counts; the single target also has one cold run first).</param>
/// <param name="Strategies">Null = all three (Independent is always run: the others are compared with it).</param>
public sealed record SearchBenchmarkOptions(
    ulong Seed = 2026,
    int TargetCount = 10,
    int FollowUpGenerations = 100,
    int Threads = 1,
    EvolutionSettings? Settings = null,
    int Repeats = 3,
    IReadOnlyList<SearchStrategy>? Strategies = null);
