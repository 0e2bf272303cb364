using System.Diagnostics;

namespace OfaExp.Nn.Threads;

/// <summary>
/// Lets libtorch's CPU threads spin while the machine's other processes leave them their cores, and throttles them
/// (<see cref="GompThrottle"/>) as soon as they do not (<see cref="SpinRule"/>, read every half second from /proc).
/// Enabled by the tool when it set a long spin count for multi-thread CPU runs (the user's OMP_WAIT_POLICY or
/// GOMP_SPINCOUNT is left alone), and started by the first CPU run with more than one thread. It is process-wide because libgomp is: one
/// governor for all runs a process trains. Only timing depends on it, never a result.
/// </summary>
public static class SpinGovernor
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private static readonly Lock Gate = new();
    private static bool _enabled;
    private static SpinGovernorState _mode = SpinGovernorState.Off;
    private static GompThrottle? _throttle;
    private static SpinRule? _rule;
    private static SpinState _state = SpinState.Initial;
    private static TimeSpan _spinning;
    private static TimeSpan _throttled;
    private static int _throttles;

    /// <summary>Lets <see cref="Attach"/> govern (call before libtorch loads, when the tool set the spin count).</summary>
    public static void Enable()
    {
        lock (Gate)
        {
            _enabled = true;
        }
    }

    /// <summary>Starts governing once a CPU run uses <paramref name="threads"/> &gt; 1 (later calls only widen the rule).</summary>
    public static void Attach(int threads)
    {
        lock (Gate)
        {
            if (!_enabled || threads < 2 || _mode == SpinGovernorState.Unavailable)
            {
                return;
            }

            if (_mode == SpinGovernorState.Governing)
            {
                _rule = _rule! with { Threads = Math.Max(_rule.Threads, threads) };
                return;
            }

            var throttle = GompThrottle.Find();
            if (throttle is null || CpuUse.Read() is null)
            {
                _mode = SpinGovernorState.Unavailable;
                return;
            }

            throttle.Engage();
            (_throttle, _rule, _state, _mode) = (throttle, new SpinRule(throttle.Cores, threads), SpinState.Initial, SpinGovernorState.Governing);
            new Thread(Loop) { IsBackground = true, Name = "ofaexp spin governor" }.Start();
        }
    }

    /// <summary>Whether libgomp is loaded in this process already (it reads its wait policy when it loads).</summary>
    public static bool GompLoaded() => GompThrottle.LoadedGomp() is not null;

    /// <summary>How long the threads were let spin and held throttled so far, and how often other processes stopped them.</summary>
    public static SpinReport Report()
    {
        lock (Gate)
        {
            return new SpinReport(_mode, _spinning, _throttled, _throttles);
        }
    }

    private static void Loop()
    {
        var before = CpuUse.Read()!.Value;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Thread.Sleep(Interval);
            if (CpuUse.Read() is not { } now)
            {
                continue;
            }

            lock (Gate)
            {
                var elapsed = clock.Elapsed;
                clock.Restart();
                if (_state.Spinning)
                {
                    _spinning += elapsed;
                }
                else
                {
                    _throttled += elapsed;
                }

                var next = _rule!.Next(_state, now.OthersCoresSince(before));
                if (next.Spinning && !_state.Spinning)
                {
                    _throttle!.Release();
                }
                else if (!next.Spinning && _state.Spinning)
                {
                    _throttle!.Engage();
                    _throttles++;
                }

                _state = next;
            }

            before = now;
        }
    }
}
