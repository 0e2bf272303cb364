using OfaExp.Execution;
using OfaExp.Cli.Execution;
using OfaExp.Core.Errors;
using OfaExp.Core.Execution;
using OfaExp.Core.Hashing;
using OfaExp.Core.Planning;

namespace OfaExp.Cli.Tests;

/// <summary>The stderr renderer on a fake clock: a log's bounded rate, a terminal's redrawn line, the sweep's ETA.</summary>
public sealed class ConsoleProgressTests : IDisposable
{
    private const string ClearToEnd = "\u001b[K";

    private readonly Sandbox _box = new();
    private readonly StringWriter _out = new();
    private readonly IReadOnlyList<PlannedRun> _runs;
    private TimeSpan _now = TimeSpan.FromSeconds(1000);

    public ConsoleProgressTests()
    {
        _box.Write("experiments/p/experiment.yaml", Sandbox.Tiny.Replace("pipeline: [full]", "pipeline: [full, kernel]", StringComparison.Ordinal));
        var sources = ExperimentTree.Discover(Path.Combine(_box.Root, "experiments", "p"));
        _runs = RunPlanner.Plan(sources.Select(s => (s, ExperimentTree.Load(s, []))).ToList(), _ => new string('a', 64)).Runs;
    }

    public void Dispose() => _box.Dispose();

    private PlannedRun Full => _runs[0];

    private PlannedRun Kernel => _runs[1];

    private ConsoleProgress Progress(bool interactive, int width = 500)
    {
        var progress = new ConsoleProgress(_out, interactive, TimeSpan.FromSeconds(30), () => _now, () => width);
        progress.SweepStarted(_runs);
        return progress;
    }

    private static TrainProgress Step(PlannedRun run, int step, string stage = "train") =>
        new(run.Id, run.Phase, 1, 1, step, 3, 2.25, 128, TimeSpan.FromSeconds(4), stage);

    private string[] Lines() => _out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void A_log_gets_at_most_one_progress_line_per_interval_and_every_finished_run()
    {
        var progress = Progress(interactive: false);
        progress.RunStarted(Full, 0);
        _now += TimeSpan.FromSeconds(2);
        progress.Report(Step(Full, 1));
        _now += TimeSpan.FromSeconds(27);
        progress.Report(Step(Full, 2));
        progress.Report(Step(Full, 3, "eval"));
        progress.RunFinished(new RunResult(Full.Id, "p", "full", RunOutcome.Trained, TimeSpan.FromSeconds(29), 61.25, null));
        _now += TimeSpan.FromSeconds(0.5);
        progress.Report(Step(Kernel, 1));
        progress.Note("a message");

        var id = RunIdentity.Short(Full.Id);
        Assert.Equal(
            [
                $"sweep 0/2 done, ETA measuring | {id} p/full starting",
                $"sweep 1/2 done, ETA {Eta(29, Kernel)} | {id} p/full trained in 29.0s, val top-1 61.25%",
                "a message",
            ],
            Lines());
        Assert.DoesNotContain('\r', _out.ToString());
        Assert.DoesNotContain(ClearToEnd, _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_line_returns_once_the_interval_is_over()
    {
        var progress = Progress(interactive: false);
        progress.RunStarted(Full, 0);
        _now += TimeSpan.FromSeconds(2);
        progress.Report(Step(Full, 1));
        _now += TimeSpan.FromSeconds(28);
        progress.Report(Step(Full, 2));

        var fullWork = RunWork.Of(Full);
        var left = (fullWork.Total - (2 * fullWork.StepUnits) + RunWork.Of(Kernel).Total) * (30 / (2 * fullWork.StepUnits));
        Assert.Equal(
            $"sweep 0/2 done, ETA {ProgressText.Eta(TimeSpan.FromSeconds(left))} | {RunIdentity.Short(Full.Id)} full epoch 1/1 step 2/3 loss 2.2500 128 img/s, phase ETA 0m04s",
            Lines()[^1]);
        Assert.Equal(2, Lines().Length);
    }

    [Fact]
    public void A_terminal_redraws_one_line_keeps_epoch_ends_and_writes_finished_runs_over_it()
    {
        var progress = Progress(interactive: true);
        progress.RunStarted(Full, 0);
        _now += TimeSpan.FromSeconds(1);
        progress.Report(Step(Full, 1));
        progress.Report(Step(Full, 2));
        Assert.DoesNotContain('\n', _out.ToString());
        Assert.Equal(3, _out.ToString().Count(c => c == '\r'));
        Assert.EndsWith("step 2/3 loss 2.2500 128 img/s, phase ETA 0m04s" + ClearToEnd, _out.ToString(), StringComparison.Ordinal);

        progress.Report(Step(Full, 3, "eval"));
        Assert.EndsWith("; validating" + ClearToEnd + Environment.NewLine, _out.ToString(), StringComparison.Ordinal);

        progress.Report(Step(Full, 3));
        progress.RunFinished(new RunResult(Full.Id, "p", "full", RunOutcome.Trained, TimeSpan.FromSeconds(1), null, null));
        Assert.EndsWith($"\rsweep 1/2 done, ETA {Eta(1, Kernel)} | {RunIdentity.Short(Full.Id)} p/full trained in 1.0s{ClearToEnd}{Environment.NewLine}", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_terminal_line_is_cut_to_the_width_and_cleared_before_a_note_and_at_the_end()
    {
        var progress = Progress(interactive: true, width: 40);
        progress.RunStarted(Full, 2);
        Assert.Equal("\r" + $"sweep 0/2 done, ETA measuring | {RunIdentity.Short(Full.Id)} p/full starting (resuming after epoch 2)"[..39] + ClearToEnd, _out.ToString());

        progress.Note("note");
        Assert.EndsWith(ClearToEnd + Environment.NewLine, _out.ToString(), StringComparison.Ordinal);
        Assert.Contains("\rnote" + ClearToEnd, _out.ToString(), StringComparison.Ordinal);

        _out.GetStringBuilder().Clear();
        progress.Report(Step(Full, 1));
        progress.Finish();
        Assert.EndsWith("\r" + ClearToEnd, _out.ToString(), StringComparison.Ordinal);
        progress.Finish();
        Assert.Equal(1, _out.ToString().Split("\r" + ClearToEnd).Length - 1);
    }

    [Fact]
    public void Runs_that_did_not_train_say_why_and_the_last_one_ends_the_eta()
    {
        var progress = Progress(interactive: false);
        progress.RunStarted(Full, 0);
        _now += TimeSpan.FromSeconds(5);
        progress.RunFinished(new RunResult(Full.Id, "p", "full", RunOutcome.Failed, TimeSpan.FromSeconds(5), null, "boom"));
        progress.RunFinished(new RunResult(Kernel.Id, "p", "kernel", RunOutcome.Skipped, TimeSpan.Zero, null, "parent 0123abcd is not done"));

        Assert.Equal(
            [
                $"sweep 0/2 done, ETA measuring | {RunIdentity.Short(Full.Id)} p/full starting",
                $"sweep 1/2 done, ETA measuring | {RunIdentity.Short(Full.Id)} p/full failed after 5.0s",
                $"sweep 2/2 done | {RunIdentity.Short(Kernel.Id)} p/kernel skipped: parent 0123abcd is not done",
            ],
            Lines());
    }

    [Theory]
    [InlineData(null, 30)]
    [InlineData("", 30)]
    [InlineData("0", 0)]
    [InlineData("2.5", 2.5)]
    public void The_log_interval_comes_from_the_environment(string? value, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ConsoleProgress.Interval(value));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-1")]
    [InlineData("NaN")]
    [InlineData("2,5")]
    public void A_log_interval_that_is_not_seconds_is_refused(string value)
    {
        var e = Assert.Throws<OfaExpException>(() => ConsoleProgress.Interval(value));
        Assert.Contains(ConsoleProgress.IntervalVariable, e.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
    }

    /// <summary>The ETA once the full run took <paramref name="seconds"/> for all its work and <paramref name="left"/> is what remains.</summary>
    private string Eta(double seconds, PlannedRun left) =>
        ProgressText.Eta(TimeSpan.FromSeconds(RunWork.Of(left).Total * seconds / RunWork.Of(Full).Total));
}
