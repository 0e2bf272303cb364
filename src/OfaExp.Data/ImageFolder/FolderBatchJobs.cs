using OfaExp.Core.Seeding;

namespace OfaExp.Data.ImageFolder;

/// <summary>
/// The batches of an epoch as <see cref="BatchJob"/>s. Training uses <see cref="TrainBatches"/>'s order (a
/// permutation from (seed, "train-order", epoch)) and drops the last incomplete batch; evaluation keeps the split's
/// order and a smaller last batch.
/// </summary>
public static class FolderBatchJobs
{
    /// <param name="resolution">The output resolution of each step (OFA's elastic resolution draws one per step).</param>
    public static IReadOnlyList<BatchJob> Train(int count, ulong seed, int epoch, int batchSize, Func<int, int> resolution)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        new SplitMix64(SeedDerivation.Derive(seed, "train-order", epoch)).Shuffle(order.AsSpan());
        var jobs = new BatchJob[count / batchSize];
        for (var step = 0; step < jobs.Length; step++)
        {
            jobs[step] = new BatchJob(order[(step * batchSize)..((step + 1) * batchSize)], resolution(step), true, epoch);
        }

        return jobs;
    }

    public static IReadOnlyList<BatchJob> Eval(int count, int batchSize, int resolution)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var jobs = new List<BatchJob>();
        for (var start = 0; start < count; start += batchSize)
        {
            jobs.Add(new BatchJob(Enumerable.Range(start, Math.Min(batchSize, count - start)).ToArray(), resolution, false, 0));
        }

        return jobs;
    }
}
