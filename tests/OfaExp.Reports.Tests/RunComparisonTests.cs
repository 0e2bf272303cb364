using OfaExp.Core.Errors;
using OfaExp.Core.Runs;
using Snapshooter.Xunit;

namespace OfaExp.Reports.Tests;

public sealed class RunComparisonTests
{
    private static readonly RecordedRun FullA = ReportFixture.Find("full", 0.1, 0);
    private static readonly RecordedRun KernelA = ReportFixture.Find("kernel", 0.1, 0);
    private static readonly RecordedRun KernelB = ReportFixture.Find("kernel", 0.025, 2);

    [Fact]
    public void Runs_of_different_sweep_points_differ_in_their_inputs_and_parent()
    {
        var comparison = RunComparison.Compare(KernelA, KernelB, ReportFixture.Lookup);

        Assert.Equal(
            [
                new ConfigDifference("optimizer.lr", ConfigDifferenceKind.Changed, "0.1", "0.025"),
                new ConfigDifference("seed", ConfigDifferenceKind.Changed, "0", "2"),
            ],
            comparison.InputDifferences);
        var parent = Assert.Single(comparison.IdentityDifferences);
        Assert.Equal(("parent", $"\"{FullA.Run.Id}\""), (parent.Key, parent.A));
        Assert.Null(comparison.Ancestry.CommonAncestorId);
    }

    [Fact]
    public void A_later_phase_against_its_parent_shows_added_and_removed_inputs_and_the_parent_as_ancestor()
    {
        var comparison = RunComparison.Compare(KernelA, FullA, ReportFixture.Lookup);

        Assert.Equal(
            [
                ("parent", ConfigDifferenceKind.Changed, $"\"{FullA.Run.Id}\"", "null"),
                ("phase", ConfigDifferenceKind.Changed, "\"kernel\"", "\"full\""),
            ],
            comparison.IdentityDifferences.Select(d => (d.Key, d.Kind, d.A, d.B)));
        Assert.Equal(
            [
                ("phases.full.epochs", ConfigDifferenceKind.Added, null, "3"),
                ("phases.kernel.epochs", ConfigDifferenceKind.Removed, "2", null),
                ("phases.kernel.kernel_sizes", ConfigDifferenceKind.Removed, "[3,5,7]", null),
                ("supernet.depths", ConfigDifferenceKind.Added, null, "[2,3,4]"),
            ],
            comparison.InputDifferences.Select(d => (d.Key, d.Kind, d.A, d.B)));
        Assert.Equal(FullA.Run.Id, comparison.Ancestry.CommonAncestorId);
        Assert.Equal([new(KernelA.Run.Id, "kernel"), new(FullA.Run.Id, "full")], comparison.Ancestry.LineageA);
        Assert.Equal([new LineageEntry(FullA.Run.Id, "full")], comparison.Ancestry.LineageB);
    }

    [Fact]
    public void Siblings_share_their_parent_and_report_last_epoch_deltas()
    {
        var longer = ReportFixture.KernelRun(FullA, 0.1, 0, epochs: 3);

        var comparison = RunComparison.Compare(KernelA, longer, ReportFixture.Lookup);

        Assert.Equal(FullA.Run.Id, comparison.Ancestry.CommonAncestorId);
        Assert.Equal(["val_loss", "val_top1", "val_top5"], comparison.Metrics.Select(m => m.Name));
        var top1 = comparison.Metrics.Single(m => m.Name == "val_top1");
        Assert.Equal(Last(KernelA, "val_top1"), top1.A);
        Assert.Equal(Last(longer, "val_top1"), top1.B);
        Assert.Equal(0.02, top1.Delta!.Value, precision: 12);
    }

    [Fact]
    public void An_integer_and_a_float_of_equal_value_are_a_difference()
    {
        // The identity JSON keeps 3 and 3.0 apart, so their run ids differ; the diff has to show why.
        var a = ReportFixture.WithInputs(KernelA, "{\"epochs\":3,\"lr\":1E-05,\"sizes\":[1.0,2]}");
        var b = ReportFixture.WithInputs(KernelA, "{\"epochs\":3.0,\"lr\":0.00001,\"sizes\":[1,2]}");

        var comparison = RunComparison.Compare(a, b, ReportFixture.Lookup);

        Assert.Equal(
            [("epochs", "3", "3.0"), ("sizes", "[1.0,2]", "[1,2]")],
            comparison.InputDifferences.Select(d => (d.Key, d.A, d.B)));
    }

    [Fact]
    public void A_metric_only_one_run_recorded_has_no_delta()
    {
        var extra = KernelB with { Metrics = [.. KernelB.Metrics, new MetricPoint(1, -1, "bn_recal_top1", 0.7)] };

        var delta = RunComparison.Compare(KernelA, extra, ReportFixture.Lookup).Metrics.Single(m => m.Name == "bn_recal_top1");

        Assert.Equal((null, 0.7, null), (delta.A, delta.B, delta.Delta));
    }

    [Fact]
    public void A_parent_missing_from_the_store_ends_the_lineage_unresolved()
    {
        var comparison = RunComparison.Compare(KernelA, KernelB, id => null);

        Assert.Equal([new(KernelA.Run.Id, "kernel"), new(FullA.Run.Id, null)], comparison.Ancestry.LineageA);
        Assert.Null(comparison.Ancestry.CommonAncestorId);
    }

    [Fact]
    public void A_parent_chain_that_loops_is_reported_as_a_damaged_store()
    {
        var loop = FullA.Run with { ParentId = KernelA.Run.Id };

        var error = Assert.Throws<OfaExpException>(() =>
            RunComparison.Compare(KernelA, KernelB, id => id == FullA.Run.Id ? loop : ReportFixture.Lookup(id)));

        Assert.Equal(ExitCodes.Internal, error.ExitCode);
        Assert.Contains(KernelA.Run.Id[..12], error.Message);
    }

    [Fact]
    public void Text_of_a_phase_against_its_parent() =>
        Snapshot.Match(RunComparisonText.Render(RunComparison.Compare(KernelA, FullA, ReportFixture.Lookup)));

    [Fact]
    public void Text_of_two_sweep_points() =>
        Snapshot.Match(RunComparisonText.Render(RunComparison.Compare(KernelA, KernelB, ReportFixture.Lookup)));

    [Fact]
    public void The_hardware_of_both_runs_is_shown_and_a_difference_flagged()
    {
        const string avx512 = "cpu=AMD EPYC 9654 96-Core Processor; aten=avx512; onednn=native; torchsharp=0.107.0; libtorch=libtorch-cpu-linux-x64 2.10.0";
        const string avx2 = "cpu=AMD EPYC 7B13; aten=avx2; onednn=native; torchsharp=0.107.0; libtorch=libtorch-cpu-linux-x64 2.10.0";
        string Text(string? a, string? b) => RunComparisonText.Render(RunComparison.Compare(
            KernelA with { Run = KernelA.Run with { Hardware = a } }, KernelB with { Run = KernelB.Run with { Hardware = b } }, ReportFixture.Lookup));

        Assert.Contains(
            $"\nHardware\n  A  {avx512}\n  B  {avx2}\n  different hardware classes (cpu, aten): float32 results differ by float noise\n\nIdentity\n",
            Text(avx512, avx2), StringComparison.Ordinal);
        Assert.Contains($"\n  B  {avx512}\n  same hardware class\n\nIdentity\n", Text(avx512, avx512), StringComparison.Ordinal);
        Assert.Contains($"\n  A  {avx2} | {avx512}\n  B  {avx512}\n  different hardware classes (resumed on other hardware):", Text($"{avx2} | {avx512}", avx512), StringComparison.Ordinal);
        Assert.Contains($"\nHardware\n  A  unknown\n  B  {avx2}\n\nIdentity\n", Text(null, avx2), StringComparison.Ordinal);
    }

    private static double Last(RecordedRun run, string name) =>
        run.Metrics.Where(m => m.Name == name && m.Step < 0).MaxBy(m => m.Epoch)!.Value;

    [Fact]
    public void Subnet_evaluations_are_compared_by_name_and_resolution()
    {
        var kernel = ReportFixture.SubnetRuns.Single(r => r.Run.Phase == "kernel" && r.Run.ConfigJson.Contains("\"seed\":0", StringComparison.Ordinal));
        var depth = ReportFixture.SubnetRuns.Single(r => r.Run.ParentId == kernel.Run.Id);

        var comparison = RunComparison.Compare(kernel, depth with { Evaluations = depth.Evaluations.Skip(1).ToList() }, ReportFixture.Lookup);

        Assert.Equal(12, comparison.Subnets.Count);
        Assert.Equal(new MetricDelta("max@24 top1", 68, 64), comparison.Subnets.Single(d => d.Name == "max@24 top1"));
        Assert.Equal(new MetricDelta("max@28 top1", 70, null), comparison.Subnets.Single(d => d.Name == "max@28 top1"));
        var text = RunComparisonText.Render(comparison);
        Assert.Contains("Subnets (evaluations of the final model)", text);
        var collapsed = System.Text.RegularExpressions.Regex.Replace(text, " +", " ");
        Assert.Contains("\n max@24 top1 68 64 -4\n", collapsed);
        Assert.Contains("\n max@28 top1 70 - -\n", collapsed);
        Assert.DoesNotContain("Subnets", RunComparisonText.Render(RunComparison.Compare(KernelA, KernelB, ReportFixture.Lookup)));
    }
}
