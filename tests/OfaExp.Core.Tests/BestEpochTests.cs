using OfaExp.Core.Execution;
using OfaExp.Core.Runs;

namespace OfaExp.Core.Tests;

public sealed class BestEpochTests
{
    private static MetricPoint Top1(int epoch, double value) => new(epoch, -1, "val_top1", value);

    [Fact]
    public void The_teacher_checkpoint_is_the_first_epoch_with_the_highest_validation_top1()
    {
        Assert.Equal((1, false), BestEpoch.Of([Top1(0, 70), Top1(1, 80), Top1(2, 75)]));
        Assert.Equal((2, true), BestEpoch.Of([Top1(0, 70), Top1(1, 75), Top1(2, 80)]));
        Assert.Equal((0, false), BestEpoch.Of([Top1(0, 80), Top1(1, 80)]));

        // Per-step metrics and other names do not count; recording order does not matter.
        Assert.Equal((1, false), BestEpoch.Of([Top1(2, 60), new MetricPoint(2, 5, "val_top1", 99), Top1(1, 80), new MetricPoint(0, -1, "val_loss", 99), Top1(0, 10)]));
        Assert.Null(BestEpoch.Of([new MetricPoint(0, -1, "val_loss", 1)]));
    }
}
