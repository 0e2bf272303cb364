using System.Text;
using OfaExp.Reports.Html;

namespace OfaExp.Reports.Tests;

public sealed class ReportWriterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ofaexp-report-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Writes_what_changed_keeps_what_did_not_and_removes_stale_files_and_empty_folders()
    {
        var first = ReportWriter.Write(_dir, [File("index.html", "a"), File("runs/r1.html", "1"), File("runs/r2.html", "2"), File("compare/r1_r2.html", "c")]);
        Assert.Equal(new ReportWriteResult(4, 0, 0), first);
        var stamp = new FileInfo(Path.Combine(_dir, "runs", "r1.html")).LastWriteTimeUtc;

        var second = ReportWriter.Write(_dir, [File("index.html", "b"), File("runs/r1.html", "1")]);

        Assert.Equal(new ReportWriteResult(1, 1, 2), second);
        Assert.Equal("b", System.IO.File.ReadAllText(Path.Combine(_dir, "index.html")));
        Assert.Equal(stamp, new FileInfo(Path.Combine(_dir, "runs", "r1.html")).LastWriteTimeUtc);
        Assert.False(System.IO.File.Exists(Path.Combine(_dir, "runs", "r2.html")));
        Assert.False(Directory.Exists(Path.Combine(_dir, "compare")));
        Assert.Equal([ReportWriter.Marker, "index.html", Path.Combine("runs", "r1.html")], Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_dir, f)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("../outside.html")]
    [InlineData("/etc/outside.html")]
    [InlineData("runs//x.html")]
    [InlineData("runs/./x.html")]
    public void Refuses_a_path_outside_the_report(string path)
    {
        Assert.Throws<ArgumentException>(() => ReportWriter.Write(_dir, [File(path, "x")]));
        Assert.False(System.IO.File.Exists(Path.Combine(Path.GetDirectoryName(_dir)!, "outside.html")));
    }

    private static SiteFile File(string path, string text) => new(path, Encoding.UTF8.GetBytes(text));
}
