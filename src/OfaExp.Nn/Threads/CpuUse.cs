using System.Globalization;

namespace OfaExp.Nn.Threads;

/// <summary>
/// One reading of the machine's CPU counters (Linux /proc/stat, all cores) and of this process's own CPU time
/// (/proc/self/stat), in clock ticks: the difference of two readings says how much CPU other processes used meanwhile.
/// </summary>
/// <param name="MachineBusy">user + nice + system + irq + softirq + steal over all cores (steal: a hypervisor gave the core to another guest).</param>
/// <param name="MachineTotal">MachineBusy + idle + iowait.</param>
/// <param name="Process">utime + stime of this process, all its threads.</param>
/// <param name="Cpus">The machine's online cores (the per-core lines), which the all-cores line sums over.</param>
public readonly record struct CpuUse(long MachineBusy, long MachineTotal, long Process, int Cpus)
{
    /// <summary>The cores other processes kept busy between <paramref name="earlier"/> and this reading (0 when no tick passed).</summary>
    public double OthersCoresSince(CpuUse earlier)
    {
        var total = MachineTotal - earlier.MachineTotal;
        if (total <= 0)
        {
            return 0;
        }

        var others = Math.Max(0, MachineBusy - earlier.MachineBusy - (Process - earlier.Process));
        return (double)others / total * Cpus;
    }

    /// <summary>Reads both files, or null where /proc is not there (not Linux) or not readable.</summary>
    public static CpuUse? Read()
    {
        try
        {
            var (busy, total, cpus) = ParseMachine(File.ReadAllText("/proc/stat"));
            return new CpuUse(busy, total, ParseProcess(File.ReadAllText("/proc/self/stat")), cpus);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The busy and total ticks of /proc/stat's first line ("cpu  user nice system idle iowait irq softirq steal ..."),
    /// and how many per-core lines ("cpu0", "cpu1", ...) follow it.
    /// </summary>
    public static (long Busy, long Total, int Cpus) ParseMachine(string procStat)
    {
        ArgumentNullException.ThrowIfNull(procStat);
        var line = procStat.AsSpan(0, procStat.IndexOf('\n') is var end and >= 0 ? end : procStat.Length).ToString();
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 9 || fields[0] != "cpu")
        {
            throw new FormatException($"/proc/stat does not start with the all-cores line: '{line}'");
        }

        long Field(int i) => long.Parse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture);
        var busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
        // The per-core lines follow the first one; the rest of the file (interrupt counts) is long and not read.
        var cpus = 0;
        foreach (var l in procStat.AsSpan(line.Length).TrimStart('\n').EnumerateLines())
        {
            if (l.Length <= 3 || !l.StartsWith("cpu", StringComparison.Ordinal) || !char.IsAsciiDigit(l[3]))
            {
                break;
            }

            cpus++;
        }

        return (busy, busy + Field(4) + Field(5), Math.Max(1, cpus));
    }

    /// <summary>utime + stime of /proc/[pid]/stat (fields 14 and 15; the command name in parentheses may hold spaces).</summary>
    public static long ParseProcess(string selfStat)
    {
        ArgumentNullException.ThrowIfNull(selfStat);
        var close = selfStat.LastIndexOf(')');
        if (close < 0)
        {
            throw new FormatException("/proc/self/stat has no command name in parentheses");
        }

        // After ") " come field 3 (state) onwards, so utime (14) and stime (15) are at 11 and 12.
        var fields = selfStat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 13)
        {
            throw new FormatException("/proc/self/stat has fewer than 15 fields");
        }

        return long.Parse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture) + long.Parse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
