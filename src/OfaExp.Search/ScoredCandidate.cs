namespace OfaExp.Search;

/// <summary>A candidate with its predicted accuracy and its cost (in the cost table's unit).</summary>
public sealed record ScoredCandidate(byte[] Genes, float Accuracy, double Cost);
