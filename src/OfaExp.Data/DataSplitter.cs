using OfaExp.Core.Errors;
using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;

namespace OfaExp.Data;

/// <summary>
/// Draws a run's train and validation images from a dataset's train split. One seeded permutation (SplitSeed)
/// orders the whole split; the first TrainSubset images (all when 0) are the run's pool, and the first
/// round(ValFraction * pool) of those are held out. Because both are prefixes of the same permutation, a larger
/// subset contains every smaller one. Both parts are returned in ascending original order.
/// </summary>
public static class DataSplitter
{
    public static DatasetSplit Split(ImageSet full, DataSpec spec)
    {
        var (train, validation) = Indices(full.Count, spec);
        return new DatasetSplit(full.Subset(train), full.Subset(validation));
    }

    /// <summary>The original indices of the train and validation images, each ascending.</summary>
    /// <exception cref="OfaExpException">TrainSubset or ValFraction cannot be satisfied.</exception>
    public static (int[] Train, int[] Validation) Indices(int count, DataSpec spec)
    {
        if (spec.TrainSubset < 0 || spec.TrainSubset > count)
        {
            throw new OfaExpException(
                $"data.train_subset is {spec.TrainSubset}, but the {spec.Dataset} train split has {count} images. "
                + $"Use a value between 1 and {count}, or 0 for all of them.");
        }

        if (!(spec.ValFraction >= 0 && spec.ValFraction < 1))
        {
            throw new OfaExpException(
                $"data.val_fraction is {spec.ValFraction}; it must be at least 0 and below 1 (e.g. 0.1 holds out 10%).");
        }

        var pool = spec.TrainSubset == 0 ? count : spec.TrainSubset;
        var valCount = spec.ValidationCount(pool);
        if (valCount >= pool)
        {
            throw new OfaExpException(
                $"data.val_fraction {spec.ValFraction} of {pool} images leaves nothing to train on; lower it or raise data.train_subset.");
        }

        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        var rng = new SplitMix64(SeedDerivation.Derive(spec.SplitSeed, "split", spec.Dataset));
        rng.Shuffle(order.AsSpan());

        var validation = order[..valCount];
        var train = order[valCount..pool];
        Array.Sort(validation);
        Array.Sort(train);
        return (train, validation);
    }
}
