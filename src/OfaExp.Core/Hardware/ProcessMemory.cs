using System.Globalization;

namespace OfaExp.Core.Hardware;

/// <summary>What this process holds in memory, as Linux reports it, for benchmarks that state a memory bound.</summary>
public static class ProcessMemory
{
    /// <summary>VmHWM of this process (peak resident set), in KiB; -1 where /proc is not available.</summary>
    public static long PeakResidentKb()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
        {
            return -1;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
