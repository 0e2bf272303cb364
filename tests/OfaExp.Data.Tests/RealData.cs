using OfaExp.Core.Spec;
using OfaExp.Data;

namespace OfaExp.Data.Tests;

/// <summary>The installed Fashion-MNIST train split, loaded once for the whole test assembly.</summary>
internal static class RealData
{
    public const string Root = "/usr/share/datasets/fashion-mnist";

    private static readonly Lazy<ImageSet> Lazy = new(() => FashionMnist.LoadTrain(Root));

    public static ImageSet Train => Lazy.Value;

    public static DataSpec Spec(int trainSubset = 1000, double valFraction = 0.25, int splitSeed = 7, AugmentSpec? augment = null) =>
        new(FashionMnist.Name, Root, trainSubset, valFraction, splitSeed, augment ?? AugmentSpec.None);
}
