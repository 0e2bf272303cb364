using OfaExp.Core.Spec;

namespace OfaExp.Core.Execution;

/// <summary>The spellings of <see cref="TimeCategory"/> in the log and in metric names (<c>time_&lt;name&gt;_seconds</c>).</summary>
public static class TimeCategoryNames
{
    public static Spelling<TimeCategory> Spelling { get; } = new(category => category switch
    {
        TimeCategory.Setup => "setup",
        TimeCategory.DataLoad => "data_load",
        TimeCategory.BatchWait => "batch_wait",
        TimeCategory.TrainStep => "train_step",
        TimeCategory.Extract => "extract",
        TimeCategory.BnRecalibration => "bn_recal",
        TimeCategory.Validation => "validation",
        TimeCategory.Test => "test",
        TimeCategory.Checkpoint => "checkpoint",
        TimeCategory.Recording => "recording",
    });
}
