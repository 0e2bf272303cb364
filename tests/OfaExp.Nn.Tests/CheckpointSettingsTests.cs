using OfaExp.Nn.Import;

namespace OfaExp.Nn.Tests;

public class CheckpointSettingsTests
{
    private static CheckpointSettings With(int maxDepth, int maxExpand) =>
        new(3, 1000, 16, 16, [24, 40, 80, 112, 160], 960, 1280, maxDepth, [3, 5, 7], maxExpand, 1.0);

    [Fact]
    public void OFAs_released_maxima_suggest_its_trained_lists_and_other_maxima_only_what_the_weights_show()
    {
        Assert.Equal([2, 3, 4], With(4, 6).SuggestedDepths);
        Assert.Equal([3, 4, 6], With(4, 6).SuggestedExpandRatios);
        Assert.Equal([3], With(3, 4).SuggestedDepths);
        Assert.Equal([4], With(3, 4).SuggestedExpandRatios);
    }
}
