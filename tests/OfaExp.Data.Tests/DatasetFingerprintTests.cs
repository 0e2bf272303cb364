using OfaExp.Core.Spec;

namespace OfaExp.Data.Tests;

public class DatasetFingerprintTests
{
    [Fact]
    public void Is_64_lowercase_hex_and_stable()
    {
        var a = DatasetFingerprint.Compute(RealData.Spec());
        var b = DatasetFingerprint.Compute(RealData.Spec());

        Assert.Matches("^[0-9a-f]{64}$", a);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Changes_with_every_setting_that_changes_the_data()
    {
        var baseSpec = RealData.Spec(augment: new AugmentSpec(2, false));
        var variants = new[]
        {
            baseSpec,
            baseSpec with { TrainSubset = 1001 },
            baseSpec with { ValFraction = 0.2 },
            baseSpec with { SplitSeed = 8 },
            baseSpec with { Augment = new AugmentSpec(3, false) },
            baseSpec with { Augment = new AugmentSpec(2, true) },
            baseSpec with { Augment = new AugmentSpec(0, false, 0.08) },
            baseSpec with { Augment = new AugmentSpec(0, false, 0.85) },
        };

        var prints = variants.Select(DatasetFingerprint.Compute).ToList();
        var keys = variants.Select(DatasetFingerprint.KeyOf).ToList();

        Assert.Equal(prints.Count, prints.Distinct().Count());
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void Does_not_depend_on_where_the_files_are()
    {
        using var dir = new TempDir();
        foreach (var name in new[] { FashionMnist.TrainImagesFile, FashionMnist.TrainLabelsFile, FashionMnist.TestImagesFile, FashionMnist.TestLabelsFile })
        {
            File.Copy(Path.Combine(RealData.Root, name), dir.File(name));
        }

        Assert.Equal(DatasetFingerprint.Compute(RealData.Spec()), DatasetFingerprint.Compute(RealData.Spec() with { Root = dir.Path }));
    }

    [Theory]
    [InlineData(FashionMnist.TrainLabelsFile)]
    [InlineData(FashionMnist.TestLabelsFile)]
    public void Changes_when_a_file_of_either_split_is_replaced(string changed)
    {
        using var dir = new TempDir();
        foreach (var name in new[] { FashionMnist.TrainImagesFile, FashionMnist.TrainLabelsFile, FashionMnist.TestImagesFile, FashionMnist.TestLabelsFile })
        {
            File.Copy(Path.Combine(RealData.Root, name), dir.File(name));
        }

        var spec = RealData.Spec() with { Root = dir.Path };
        var before = DatasetFingerprint.Compute(spec);

        var labels = File.ReadAllBytes(dir.File(changed));
        labels[^1] ^= 0xff;
        File.WriteAllBytes(dir.File(changed), labels);
        File.SetLastWriteTimeUtc(dir.File(changed), DateTime.UtcNow.AddMinutes(1));

        Assert.NotEqual(before, DatasetFingerprint.Compute(spec));
    }

    [Fact]
    public void Missing_files_are_the_loaders_user_error()
    {
        var e = Assert.Throws<Core.Errors.OfaExpException>(() => DatasetFingerprint.Compute(RealData.Spec() with { Root = "/nonexistent/fmnist" }));

        Assert.Contains("dataset-fashion-mnist", e.Message);
    }
}
