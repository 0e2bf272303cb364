using OfaExp.Core.Errors;
using OfaExp.Core.Spec;

namespace OfaExp.Data.ImageFolder;

/// <summary>
/// The data sets read through <see cref="ImageFolderLayout"/>: image_folder (any classes, counted from train/'s
/// folders) and imagenet (the same layout, whose 1000 class folders are checked, so a partly copied ImageNet is
/// caught when it is planned rather than as a network with too few outputs).
/// </summary>
public static class FolderDataSets
{
    public static bool Is(string dataset) => dataset is DatasetInfo.ImageFolder or DatasetInfo.ImageNet;

    /// <exception cref="OfaExpException">The layout is missing or invalid, or an imagenet root has not 1000 classes (exit 2).</exception>
    public static ImageFolderLayout Open(DataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var layout = FolderListings.Open(spec.Root);
        var expected = spec.Info.NumClasses;
        if (spec.Dataset == DatasetInfo.ImageNet && layout.Classes.Count != expected)
        {
            throw new OfaExpException(
                $"'{Path.Combine(layout.Root, ImageFolderLayout.TrainFolder)}' holds {layout.Classes.Count} class folders, but ImageNet has {expected}. "
                + $"Copy the missing ones, or use data.dataset: {DatasetInfo.ImageFolder} for a subset of the classes.",
                ExitCodes.BadInput);
        }

        return layout;
    }

    /// <summary>Decode threads for a run: data.decode_threads, or the cores device.threads leaves free (at least 1).</summary>
    public static int Threads(DataSpec data, int trainingThreads)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.DecodeThreads > 0 ? data.DecodeThreads : Math.Max(1, Environment.ProcessorCount - trainingThreads);
    }
}
