namespace OfaExp.Search;

/// <summary>
/// OFA's EvolutionFinder settings; the defaults are OFA's (ofa/nas). <see cref="MaxRetries"/> caps the rejection
/// sampling of each feasible candidate, so a target below what the space can reach fails with a message instead of
/// hanging. <see cref="Resolutions"/> restricts the resolutions drawn (sampling and mutation) to a subset of the
/// space's, as OFA's tutorial searches 5 of the 25 the supernet was trained at; null or empty = all of them.
/// </summary>
public sealed record EvolutionSettings(
    int Population = 100,
    int Generations = 500,
    double ParentRatio = 0.25,
    double MutationRatio = 0.5,
    double MutationProbability = 0.1,
    double ResolutionMutationProbability = 0.5,
    int MaxRetries = 10_000,
    IReadOnlyList<int>? Resolutions = null)
{
    /// <summary>Parents kept per generation: round(ParentRatio x Population), at least 1 (Python's round, half to even).</summary>
    public int Parents => Math.Max(1, (int)Math.Round(ParentRatio * Population, MidpointRounding.ToEven));

    /// <summary>Children made by mutation per generation; the other Population - Mutations by crossover.</summary>
    public int Mutations => (int)Math.Round(MutationRatio * Population, MidpointRounding.ToEven);

    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Population < 1 || Generations < 0 || MaxRetries < 1)
        {
            throw new ArgumentException($"Evolution needs a positive population and retry cap and non-negative generations; got {this}.");
        }

        foreach (var (name, p) in new[] { ("parent ratio", ParentRatio), ("mutation ratio", MutationRatio), ("mutation probability", MutationProbability), ("resolution mutation probability", ResolutionMutationProbability) })
        {
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentException($"The {name} must lie in [0, 1]; got {p.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}.");
            }
        }

        if (Parents > Population)
        {
            throw new ArgumentException($"Evolution keeps {Parents} parents of a population of {Population}; lower the parent ratio.");
        }
    }
}
