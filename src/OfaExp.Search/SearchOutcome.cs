namespace OfaExp.Search;

/// <summary>
/// What one evolutionary search found: the best candidate, the final population (best first, ties in insertion
/// order), the best-so-far accuracy per generation, the generations run and how many candidates the predictor
/// actually evaluated (cache misses). Everything here is a pure function of the inputs and the seed.
/// </summary>
public sealed record SearchOutcome(
    double Target,
    byte[] Best,
    float BestAccuracy,
    double BestCost,
    IReadOnlyList<ScoredCandidate> Population,
    IReadOnlyList<float> BestPerGeneration,
    int Generations,
    long PredictorEvaluations);
