namespace OfaExp.Search;

/// <summary>What <see cref="SearchBenchmark"/> runs; the defaults are OFA's ImageNet search (population 100, 500 generations).</summary>
/// <param name="Threads">Predictor threads; 0 = every core.</param>
/// <param name="Strategies">Null = all three (Independent is always run: the others are compared with it).</param>
public sealed record SearchBenchmarkOptions(
    ulong Seed = 2026,
    int TargetCount = 10,
    int FollowUpGenerations = 100,
    int Threads = 0,
    EvolutionSettings? Settings = null,
    IReadOnlyList<SearchStrategy>? Strategies = null);
