using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;

namespace OfaExp.Data.ImageFolder;

/// <summary>
/// Turns one image of an image_folder split into a normalised CHW sample for a <see cref="BatchJob"/>. Stateless apart
/// from its settings, so decode threads share it; a sample's values depend on (seed, epoch, sample index, resolution)
/// only, never on which thread decodes it or in which order.
/// </summary>
public sealed class FolderSampleReader
{
    public FolderSampleReader(
        IReadOnlyList<FolderImage> images, ChannelStats stats, ulong seed, double minScale, bool horizontalFlip, ColorJitter colorJitter = ColorJitter.None)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (stats.Channels != 3)
        {
            throw new ArgumentException($"image_folder images are RGB, the normalisation has {stats.Channels} channels.", nameof(stats));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minScale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minScale, 1);
        Images = images;
        Stats = stats;
        Seed = seed;
        MinScale = minScale;
        HorizontalFlip = horizontalFlip;
        ColorJitter = colorJitter;
    }

    public IReadOnlyList<FolderImage> Images { get; }

    public ChannelStats Stats { get; }

    public ulong Seed { get; }

    /// <summary>The random-resized crop's smallest area fraction (OFA: 0.08 on ImageNet).</summary>
    public double MinScale { get; }

    public bool HorizontalFlip { get; }

    /// <summary>The training transform's colour jitter (evaluation images are never jittered).</summary>
    public ColorJitter ColorJitter { get; }

    /// <exception cref="Core.Errors.OfaExpException">The image cannot be decoded (exit 2, naming the file).</exception>
    public void Write(BatchJob job, int sample, Span<float> destination)
    {
        var image = Images[sample];
        var epochSeed = SeedDerivation.Derive(Seed, "augment", job.Epoch);
        using var region = FolderImageDecoder.Decode(
            image.FullPath,
            job.Train
                ? (height, width) => FolderTransforms.Train(epochSeed, sample, height, width, MinScale, HorizontalFlip)
                : (height, width) => FolderTransforms.Eval(height, width, job.Resolution),
            job.Resolution);
        var jitter = job.Train ? ColorJitterDraw.Draw(ColorJitter, Seed, job.Epoch, sample) : null;
        RegionResampler.Write(region, job.Resolution, Stats, destination, jitter);
    }
}
