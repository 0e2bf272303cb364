using System.Diagnostics;
using System.Globalization;

namespace OfaExp.Storage;

/// <summary>
/// Tells whether a process on this machine is still the one that claimed a run. A pid alone is not enough:
/// pids are reused, so the claim also records the process start time and both must match.
/// </summary>
public static class ProcessLiveness
{
    /// <summary>
    /// The start time of process <paramref name="pid"/> (on Linux: clock ticks after boot, /proc/PID/stat field 22),
    /// or null when no such live process exists (a zombie counts as exited).
    /// </summary>
    public static long? StartTicks(int pid)
    {
        if (pid <= 0)
        {
            return null;
        }

        return OperatingSystem.IsLinux() ? LinuxStartTicks(pid) : PortableStartTicks(pid);
    }

    /// <summary>Whether <paramref name="pid"/> runs and, when <paramref name="expectedStartTicks"/> is given, is the same process that had those start ticks.</summary>
    public static bool IsAlive(int pid, long? expectedStartTicks) =>
        StartTicks(pid) is { } ticks && (expectedStartTicks is null || ticks == expectedStartTicks);

    public static long CurrentStartTicks() =>
        StartTicks(Environment.ProcessId)
        ?? throw new InvalidOperationException("Cannot read this process's own start time from /proc.");

    /// <summary>Reads field 22 of a /proc/PID/stat line; null for a zombie or an unreadable line.</summary>
    internal static long? ParseStatStartTicks(string stat)
    {
        // The command name (field 2) is in parentheses and may itself hold spaces and ')', so split after the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 > stat.Length)
        {
            return null;
        }

        var fields = stat[(close + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        const int stateIndex = 0;       // field 3
        const int startTimeIndex = 19;  // field 22
        if (fields.Length <= startTimeIndex)
        {
            return null;
        }

        if (fields[stateIndex] is "Z" or "X" or "x")
        {
            return null;
        }

        return long.TryParse(fields[startTimeIndex], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? ticks
            : null;
    }

    private static long? LinuxStartTicks(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone (or exited between open and read): either way not alive.
            return null;
        }

        return ParseStatStartTicks(stat);
    }

    private static long? PortableStartTicks(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : process.StartTime.ToUniversalTime().Ticks;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }
}
