namespace OfaExp.Core.Spec;

/// <summary>
/// Settings of one training phase (one entry of <c>phases:</c>). LR is per <see cref="BaseBatchSize"/> images and is
/// scaled linearly to the actual batch size. The schedule is a linear warm-up from <see cref="WarmupLr"/> over
/// <see cref="WarmupEpochs"/> epochs, then cosine decay to zero over <see cref="Epochs"/> epochs.
/// </summary>
/// <param name="Choices">The elastic choices sampled in this phase (for <c>full</c>: the maximal network).</param>
/// <param name="SubnetsPerStep">Subnets sampled, each back-propagated, per optimizer step (OFA's dynamic_batch_size).</param>
/// <param name="SortChannels">Sort middle channels by importance before the phase starts (OFA: before each expand phase).</param>
public sealed record PhaseSpec(
    string Name,
    PhaseKind Kind,
    int Epochs,
    int WarmupEpochs,
    double WarmupLr,
    int BatchSize,
    int BaseBatchSize,
    double Lr,
    double Momentum,
    bool Nesterov,
    double WeightDecay,
    double LabelSmoothing,
    int EvalBatchSize,
    ElasticChoices Choices,
    int SubnetsPerStep,
    bool SortChannels)
{
    /// <summary>Dropout before the classifiers while this phase trains; null keeps the supernet's.</summary>
    public double? Dropout { get; init; }

    public int TotalEpochs => Epochs + WarmupEpochs;

    /// <summary>The supernet this phase trains: <paramref name="supernet"/> with the phase's dropout, if it sets one.</summary>
    public SupernetSpec Trained(SupernetSpec supernet) =>
        Dropout is { } dropout ? supernet with { Dropout = dropout } : supernet;

    public double ScaledLr => Lr * BatchSize / BaseBatchSize;
}
