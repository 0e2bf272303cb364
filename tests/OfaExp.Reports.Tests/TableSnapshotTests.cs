using Snapshooter.Xunit;

namespace OfaExp.Reports.Tests;

/// <summary>The declared tables of the fixture experiment, byte for byte, against committed snapshots.</summary>
public sealed class TableSnapshotTests
{
    [Fact]
    public void Final_top1_per_lr_and_seed() =>
        Snapshot.Match(TableCsv.Render(TableBuilder.Build(ReportFixture.FinalTop1, ReportFixture.Runs)));

    [Fact]
    public void Best_val_top1_as_percent() =>
        Snapshot.Match(TableCsv.Render(TableBuilder.Build(ReportFixture.BestTop1, ReportFixture.Runs)));

    [Fact]
    public void Epochs_per_run() =>
        Snapshot.Match(TableCsv.Render(TableBuilder.Build(ReportFixture.Epochs, ReportFixture.Runs)));
}
