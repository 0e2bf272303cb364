using OfaExp.Execution;
using System.Diagnostics;
using System.Globalization;
using OfaExp.Core.Errors;
using OfaExp.Core.Execution;
using OfaExp.Core.Hashing;
using OfaExp.Core.Planning;

namespace OfaExp.Cli.Execution;

/// <summary>
/// Sweep progress on stderr. Every progress line starts with the whole sweep (runs over, time left; see
/// <see cref="SweepEta"/>) followed by the run in progress, and every run that ends gets a line of its own. On a
/// terminal the progress line is redrawn in place ('\r', then clear to the end of the line) and an epoch's end is
/// kept on screen; in a log (CI, Slurm, any redirected stderr) at most one progress line is written per interval,
/// so a long sweep's log stays readable, plus the line of each run that ends.
/// </summary>
public sealed class ConsoleProgress : ISweepObserver
{
    /// <summary>Seconds between progress lines in a log; 30 unless the environment sets it.</summary>
    public const string IntervalVariable = "OFAEXP_PROGRESS_SECONDS";

    private const string ClearToEnd = "\u001b[K";

    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);

    private readonly TextWriter _writer;
    private readonly bool _interactive;
    private readonly TimeSpan _interval;
    private readonly Func<TimeSpan> _clock;
    private readonly Func<int> _width;

    // The training thread reports; Ctrl+C's handler writes its notice from another thread.
    private readonly Lock _lock = new();
    private SweepEta? _eta;
    private int _workers = 1;
    private readonly Dictionary<Core.Spec.DataSpec, Core.Spec.DataSpec> _counted = [];
    private TimeSpan? _lastLine;
    private bool _lineOpen;

    /// <param name="interactive">Redraw one line in place (a terminal) instead of writing lines at a bounded rate.</param>
    /// <param name="interval">The least time between two progress lines when not interactive.</param>
    /// <param name="clock">Time since any fixed origin.</param>
    /// <param name="width">The terminal's width in columns; an interactive line is cut to fit, since a wrapped line cannot be redrawn.</param>
    public ConsoleProgress(TextWriter writer, bool interactive, TimeSpan interval, Func<TimeSpan> clock, Func<int> width)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(width);
        (_writer, _interactive, _interval, _clock, _width) = (writer, interactive, interval, clock, width);
    }

    /// <summary>Progress on this process's stderr, interactive when stderr is a terminal.</summary>
    /// <exception cref="OfaExpException"><see cref="IntervalVariable"/> is set to something that is not a number of seconds (exit 2).</exception>
    public static ConsoleProgress ForStandardError()
    {
        var stopwatch = Stopwatch.StartNew();
        return new ConsoleProgress(Console.Error, !Console.IsErrorRedirected, Interval(Environment.GetEnvironmentVariable(IntervalVariable)), () => stopwatch.Elapsed, TerminalWidth);
    }

    /// <summary>The interval <see cref="IntervalVariable"/> asks for (<paramref name="value"/>), or 30 s when unset.</summary>
    public static TimeSpan Interval(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return DefaultInterval;
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds >= 0) || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            throw new OfaExpException($"{IntervalVariable} is '{value}'; set it to the number of seconds between progress lines in a log (e.g. 30, or 0 for every report), or unset it.");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    public void WorkersChosen(int workers)
    {
        lock (_lock)
        {
            _workers = workers;
        }
    }

    public void SweepStarted(IReadOnlyList<PlannedRun> pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        lock (_lock)
        {
            _eta = new SweepEta(
                pending.ToDictionary(r => r.Id, Work, StringComparer.Ordinal),
                pending.ToDictionary(r => r.Id, r => r.Phase, StringComparer.Ordinal),
                _workers);
        }
    }

    /// <summary>
    /// A run's work, with an image folder's image counts read from its files (its DatasetInfo does not know them);
    /// counted once per data setting. If the folder cannot be read now, the run counts as the plan sizes it.
    /// </summary>
    private RunWork Work(PlannedRun run)
    {
        var data = run.Spec.Data;
        if (!_counted.TryGetValue(data, out var counted))
        {
            try
            {
                counted = Data.DatasetCatalog.WithCounts(data);
            }
            catch (OfaExpException)
            {
                counted = data;
            }

            _counted[data] = counted;
        }

        return RunWork.Of(run with { Spec = run.Spec with { Data = counted } });
    }

    public void RunStarted(PlannedRun run, int epochsDone)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_lock)
        {
            _eta?.Started(run.Id, epochsDone, _clock());
            var resumed = epochsDone > 0 ? string.Create(CultureInfo.InvariantCulture, $" (resuming after epoch {epochsDone})") : "";
            Progress($"{RunIdentity.Short(run.Id)} {run.Experiment}/{run.Phase} starting{resumed}", keep: false);
        }
    }

    public void Report(TrainProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            if (value.Stage is "train" or "eval")
            {
                _eta?.Stepped(value.RunId, ((long)(value.Epoch - 1) * value.StepsPerEpoch) + value.Step, _clock());
            }

            // Anything but a training step (an epoch's end, an evaluation, a search stage) stays on a terminal's screen.
            Progress(ProgressText.Phase(value), keep: value.Stage != "train");
        }
    }

    public void RunFinished(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_lock)
        {
            _eta?.Ended(result.RunId, result.Outcome == RunOutcome.Trained, _clock());
            Line(WithSweep(ProgressText.Finished(result)));
        }
    }

    public void Note(string message)
    {
        lock (_lock)
        {
            Line(message);
        }
    }

    /// <summary>Clears a progress line left open on a terminal, so what follows starts on a clean line.</summary>
    public void Finish()
    {
        lock (_lock)
        {
            if (_lineOpen)
            {
                _writer.Write("\r" + ClearToEnd);
                _writer.Flush();
                _lineOpen = false;
            }
        }
    }

    private string WithSweep(string text) =>
        _eta is { } eta ? ProgressText.Sweep(eta.Finished, eta.Total, eta.Remaining) + " | " + text : text;

    /// <summary>A progress line: redrawn in place (kept when <paramref name="keep"/>) on a terminal, rate-limited in a log.</summary>
    private void Progress(string text, bool keep)
    {
        var line = WithSweep(text);
        if (_interactive)
        {
            var width = Math.Max(20, _width()) - 1;
            _writer.Write("\r" + (line.Length > width ? line[..width] : line) + ClearToEnd);
            if (keep)
            {
                _writer.WriteLine();
            }

            _lineOpen = !keep;
        }
        else
        {
            var now = _clock();
            if (_lastLine is { } last && now - last < _interval)
            {
                return;
            }

            _writer.WriteLine(line);
            _lastLine = now;
        }

        _writer.Flush();
    }

    /// <summary>A line that is always written and stays, replacing any open progress line.</summary>
    private void Line(string text)
    {
        _writer.WriteLine((_lineOpen ? "\r" + text + ClearToEnd : text));
        _lineOpen = false;
        _writer.Flush();
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 120;
        }
        catch (IOException)
        {
            return 120;
        }
    }
}
