using OfaExp.Core.Spec;

namespace OfaExp.Data;

/// <summary>Dispatches from a <see cref="DataSpec"/>'s dataset name to that dataset's files and loader.</summary>
public static class DatasetCatalog
{
    /// <summary>The files the training data is read from, full paths in a fixed order.</summary>
    public static IReadOnlyList<string> TrainFiles(DataSpec spec) => spec.Dataset switch
    {
        FashionMnist.Name => FashionMnist.TrainFiles(spec.Root),
        _ => throw Unknown(spec.Dataset),
    };

    public static ImageSet LoadTrain(DataSpec spec) => spec.Dataset switch
    {
        FashionMnist.Name => FashionMnist.LoadTrain(spec.Root),
        _ => throw Unknown(spec.Dataset),
    };

    public static ChannelStats Normalization(string dataset) => dataset switch
    {
        FashionMnist.Name => FashionMnist.Normalization,
        _ => throw Unknown(dataset),
    };

    private static ArgumentException Unknown(string dataset) =>
        new($"Dataset '{dataset}' has no loader in OfaExp.Data.", nameof(dataset));
}
