namespace OfaExp.Data;

/// <summary>The images a run trains on and the held-out images it validates on; disjoint by construction.</summary>
public sealed record DatasetSplit(ImageSet Train, ImageSet Validation);
