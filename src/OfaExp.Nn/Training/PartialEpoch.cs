namespace OfaExp.Nn.Training;

/// <summary>
/// The part of an epoch a mid-epoch checkpoint has trained: per step its loss and its count of correctly classified
/// training images (what the epoch's train_loss and train_top1 are made of), in step order. A resumed run continues
/// with step <see cref="Steps"/> and ends the epoch with the very values an uninterrupted run sums.
/// </summary>
public sealed record PartialEpoch(IReadOnlyList<double> Losses, IReadOnlyList<long> Correct)
{
    public int Steps => Losses.Count;
}
