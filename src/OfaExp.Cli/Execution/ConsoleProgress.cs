using System.Diagnostics;
using System.Globalization;
using OfaExp.Core.Execution;
using OfaExp.Core.Hashing;

namespace OfaExp.Cli.Execution;

/// <summary>
/// Progress on stderr: one rewritten line on a terminal; in logs (CI, redirected output) a line every
/// <see cref="LogInterval"/> and at every epoch end, so logs stay readable.
/// </summary>
public sealed class ConsoleProgress(TextWriter writer, bool interactive) : IProgress<TrainProgress>
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(15);
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private bool _lineOpen;

    public void Report(TrainProgress p)
    {
        // Anything but a training step (validation, checkpoint) closes an epoch: keep that line on screen.
        var milestone = p.Stage != "train";
        var line = Format(p);
        if (interactive)
        {
            writer.Write("\r" + line.PadRight(Math.Max(0, SafeWidth() - 1)));
            _lineOpen = !milestone;
            if (milestone)
            {
                writer.WriteLine();
            }
        }
        else if (milestone || _sinceLast.Elapsed >= LogInterval)
        {
            writer.WriteLine(line);
            _sinceLast.Restart();
        }

        writer.Flush();
    }

    public void Finish()
    {
        if (_lineOpen)
        {
            writer.WriteLine();
            _lineOpen = false;
        }
    }

    public static string Format(TrainProgress p)
    {
        var prefix = $"[{RunIdentity.Short(p.RunId)} {p.Phase}]";
        return p.Stage switch
        {
            "train" => string.Create(CultureInfo.InvariantCulture,
                $"{prefix} epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.StepsPerEpoch} loss {p.Loss:F4} {p.ImagesPerSecond:F0} img/s ETA {Eta(p.Eta)}"),
            "eval" => string.Create(CultureInfo.InvariantCulture,
                $"{prefix} epoch {p.Epoch}/{p.Epochs} trained: mean loss {p.Loss:F4}, {p.ImagesPerSecond:F0} img/s, ETA {Eta(p.Eta)}; validating"),
            _ => $"{prefix} {p.Stage}",
        };
    }

    private static string Eta(TimeSpan t) => t.TotalHours >= 1
        ? $"{(int)t.TotalHours}h{t.Minutes:D2}m"
        : $"{t.Minutes}m{t.Seconds:D2}s";

    private static int SafeWidth()
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
