using OfaExp.Core.Errors;

namespace OfaExp.Data.Tests;

public class FashionMnistTests
{
    [Fact]
    public void Loads_the_train_split_as_60000_single_channel_28x28_images()
    {
        var train = RealData.Train;

        Assert.Equal(60000, train.Count);
        Assert.Equal((28, 28, 1), (train.Height, train.Width, train.Channels));
        Assert.Equal(60000 * 784, train.Pixels.Length);
        Assert.Equal(10, train.NumClasses);
    }

    [Fact]
    public void Labels_are_the_published_ones()
    {
        var labels = RealData.Train.Labels;

        // The first training image of Fashion-MNIST is an ankle boot (class 9); the split is balanced, 6000 per class.
        Assert.Equal(9, labels[0]);
        for (var c = 0; c < 10; c++)
        {
            Assert.Equal(6000, labels.Count((byte)c));
        }
    }

    [Fact]
    public void The_t10k_split_is_the_held_out_test_set()
    {
        var test = FashionMnist.LoadTest(RealData.Root);

        Assert.Equal(10000, test.Count);
        Assert.Equal((28, 28, 1), (test.Height, test.Width, test.Channels));
        Assert.Equal(1000, test.Labels.Count((byte)0));
    }

    [Fact]
    public void A_missing_directory_names_the_path_and_the_package()
    {
        var missing = "/nonexistent/ofaexp/fashion-mnist";

        var e = Assert.Throws<OfaExpException>(() => FashionMnist.LoadTrain(missing));

        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Contains(missing, e.Message);
        Assert.Contains("dataset-fashion-mnist", e.Message);
        Assert.Contains("data.root", e.Message);
    }

    [Fact]
    public void A_missing_file_names_the_file()
    {
        using var dir = new TempDir();
        File.Copy(Path.Combine(RealData.Root, FashionMnist.TrainLabelsFile), dir.File(FashionMnist.TrainLabelsFile));

        var e = Assert.Throws<OfaExpException>(() => FashionMnist.LoadTrain(dir.Path));

        Assert.Contains(dir.File(FashionMnist.TrainImagesFile), e.Message);
        Assert.Contains("tools/setup.sh", e.Message);
    }

    [Fact]
    public void A_corrupt_file_in_place_of_the_real_one_is_reported_with_its_path()
    {
        using var dir = new TempDir();
        File.Copy(Path.Combine(RealData.Root, FashionMnist.TrainLabelsFile), dir.File(FashionMnist.TrainLabelsFile));
        var images = File.ReadAllBytes(Path.Combine(RealData.Root, FashionMnist.TrainImagesFile));
        File.WriteAllBytes(dir.File(FashionMnist.TrainImagesFile), images[..100_000]);

        var e = Assert.Throws<OfaExpException>(() => FashionMnist.LoadTrain(dir.Path));

        Assert.Contains(dir.File(FashionMnist.TrainImagesFile), e.Message);
    }
}
