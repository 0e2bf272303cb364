using System.Text;
using OfaExp.Core.Tables;

namespace OfaExp.Reports.Tests;

public sealed class TableWriterTests : IDisposable
{
    private static readonly TableSpec Spec = ReportFixture.FinalTop1;
    private static readonly DateTime LongAgo = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ofaexp-reports-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Writes_name_csv_as_utf8_without_bom_creating_the_directory()
    {
        var csv = "optimizer.lr,seed\n0.1,0\nµ,ü\n";

        Assert.True(TableWriter.Write(_directory, Spec, csv));

        var bytes = File.ReadAllBytes(Path.Combine(_directory, "final_top1.csv"));
        Assert.Equal(new UTF8Encoding(false).GetBytes(csv), bytes);
        Assert.NotEqual(0xEF, bytes[0]);
    }

    [Fact]
    public void Unchanged_bytes_leave_the_file_untouched()
    {
        var csv = Render();
        TableWriter.Write(_directory, Spec, csv);
        var path = Path.Combine(_directory, "final_top1.csv");
        File.SetLastWriteTimeUtc(path, LongAgo);

        Assert.False(TableWriter.Write(_directory, Spec, Render()));

        Assert.Equal(LongAgo, File.GetLastWriteTimeUtc(path));
        Assert.Equal(csv, File.ReadAllText(path));
    }

    [Fact]
    public void Changed_bytes_replace_the_file_and_leave_no_temp_files()
    {
        TableWriter.Write(_directory, Spec, "a\n1\n");

        Assert.True(TableWriter.Write(_directory, Spec, "a\n2\n"));

        Assert.Equal("a\n2\n", File.ReadAllText(Path.Combine(_directory, "final_top1.csv")));
        Assert.Equal(["final_top1.csv"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    private static string Render() => TableCsv.Render(TableBuilder.Build(Spec, ReportFixture.Runs));
}
