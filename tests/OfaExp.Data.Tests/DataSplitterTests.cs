using OfaExp.Core.Errors;

namespace OfaExp.Data.Tests;

public class DataSplitterTests
{
    [Fact]
    public void Holds_out_the_rounded_fraction_of_the_subset()
    {
        var (train, val) = DataSplitter.Indices(60000, RealData.Spec(trainSubset: 1001, valFraction: 0.25));

        Assert.Equal(250, val.Length); // round(250.25)
        Assert.Equal(751, train.Length);
    }

    [Fact]
    public void Parts_are_disjoint_sorted_and_inside_the_split()
    {
        var (train, val) = DataSplitter.Indices(60000, RealData.Spec(trainSubset: 5000));

        Assert.Empty(train.Intersect(val));
        Assert.Equal(5000, train.Concat(val).Distinct().Count());
        Assert.All(train.Concat(val), i => Assert.InRange(i, 0, 59999));
        Assert.Equal(train.Order(), train);
        Assert.Equal(val.Order(), val);
    }

    [Fact]
    public void Zero_subset_means_the_whole_split()
    {
        var (train, val) = DataSplitter.Indices(60000, RealData.Spec(trainSubset: 0, valFraction: 0.1));

        Assert.Equal(6000, val.Length);
        Assert.Equal(54000, train.Length);
    }

    [Fact]
    public void Is_a_pure_function_of_the_split_seed()
    {
        var a = DataSplitter.Indices(60000, RealData.Spec(splitSeed: 3));
        var b = DataSplitter.Indices(60000, RealData.Spec(splitSeed: 3));
        var c = DataSplitter.Indices(60000, RealData.Spec(splitSeed: 4));

        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Validation, b.Validation);
        Assert.NotEqual(a.Train, c.Train);
        Assert.NotEqual(a.Validation, c.Validation);
    }

    [Fact]
    public void A_larger_subset_contains_a_smaller_one()
    {
        var small = DataSplitter.Indices(60000, RealData.Spec(trainSubset: 500, valFraction: 0));
        var large = DataSplitter.Indices(60000, RealData.Spec(trainSubset: 2000, valFraction: 0));

        Assert.Subset(large.Train.ToHashSet(), small.Train.ToHashSet());
    }

    [Fact]
    public void Split_copies_the_chosen_images_and_labels()
    {
        var full = RealData.Train;
        var spec = RealData.Spec(trainSubset: 300, valFraction: 0.2);
        var (trainIdx, valIdx) = DataSplitter.Indices(full.Count, spec);

        var split = DataSplitter.Split(full, spec);

        Assert.Equal(240, split.Train.Count);
        Assert.Equal(60, split.Validation.Count);
        Assert.True(split.Validation.Image(5).SequenceEqual(full.Image(valIdx[5])));
        Assert.Equal(full.Labels[trainIdx[17]], split.Train.Labels[17]);
    }

    [Theory]
    [InlineData(60001, 0.1)]
    [InlineData(-1, 0.1)]
    [InlineData(100, 1.0)]
    [InlineData(100, -0.1)]
    [InlineData(1, 0.5)]
    public void Impossible_settings_are_user_errors(int subset, double fraction)
    {
        var e = Assert.Throws<OfaExpException>(() => DataSplitter.Indices(60000, RealData.Spec(trainSubset: subset, valFraction: fraction)));

        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Contains("data.", e.Message);
    }
}
