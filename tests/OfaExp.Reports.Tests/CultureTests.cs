using System.Globalization;

namespace OfaExp.Reports.Tests;

public sealed class CultureTests
{
    [Fact]
    public void Tables_comparisons_and_the_report_are_the_same_bytes_under_a_german_number_culture()
    {
        var invariant = RenderAll();

        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = GermanNumbers();
            Assert.Equal("0,5", 0.5.ToString(CultureInfo.CurrentCulture));

            Assert.Equal(invariant, RenderAll());
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }

    // The build sets InvariantGlobalization, under which "de-DE" cannot be created; a clone of the invariant culture
    // with de-DE's number symbols (and a Unicode minus) changes exactly what culture-sensitive number code would see.
    private static CultureInfo GermanNumbers()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.PercentDecimalSeparator = ",";
        culture.NumberFormat.NegativeSign = "\u2212";
        return culture;
    }

    private static string RenderAll()
    {
        var tables = new[] { ReportFixture.FinalTop1, ReportFixture.BestTop1, ReportFixture.Epochs }
            .Select(spec => TableCsv.Render(TableBuilder.Build(spec, ReportFixture.Runs)));
        var comparison = RunComparisonText.Render(RunComparison.Compare(
            ReportFixture.Find("kernel", 0.1, 0), ReportFixture.Find("kernel", 0.025, 2), ReportFixture.Lookup));
        var filtered = TableCsv.Render(TableBuilder.Build(
            ReportFixture.Spec("phase,seed", "-1 * last(val_loss)", "optimizer.lr == 0.025"), ReportFixture.Runs));
        var site = Html.ReportSite.Build(SiteFixture.Input()).Select(SiteFixture.Text);
        return string.Join("\n---\n", tables.Append(comparison).Append(filtered).Concat(site));
    }
}
