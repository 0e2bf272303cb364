namespace OfaExp.Core.Hardware;

/// <summary>
/// Reads the text of Linux's /proc/cpuinfo (passed in, so tests use fixtures): the CPU model and the instruction set
/// flags, and from the flags the CPU kernels ATen dispatches to.
/// </summary>
public static class CpuInfo
{
    /// <summary>
    /// The first processor's "model name" (x86); ARM kernels print none, so "Hardware" or "Processor" stand in; null
    /// when none is there.
    /// </summary>
    public static string? ModelName(string? cpuInfo)
    {
        foreach (var key in (string[])["model name", "Hardware", "Processor"])
        {
            if (Field(cpuInfo, key) is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The first processor's "flags" (x86 feature names such as avx2, fma, avx512bw); empty when there are none.</summary>
    public static IReadOnlySet<string> Flags(string? cpuInfo) =>
        (Field(cpuInfo, "flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The ATen CPU capability libtorch uses on a CPU with <paramref name="flags"/>, given the ATEN_CPU_CAPABILITY
    /// variable: "avx512", "avx2" or "default". It mirrors ATen's compute_cpu_capability (DispatchStub.cpp) for the
    /// x86-64 libtorch builds, which carry AVX2 and AVX-512 kernels: a requested capability is taken when it is one of
    /// default, avx2 or avx512 (compared as ATen does, case-sensitively) and the CPU supports it; otherwise avx512 when
    /// the CPU has avx512vl, avx512bw, avx512dq and fma, else avx2 when it has avx2 and fma, else default. Builds that
    /// take an unsupported request as given fail on their first vector kernel, so no result is recorded under it.
    /// </summary>
    public static string AtenCapability(IReadOnlySet<string> flags, string? requested)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var avx512 = flags.Contains("avx512vl") && flags.Contains("avx512bw") && flags.Contains("avx512dq") && flags.Contains("fma");
        var avx2 = flags.Contains("avx2") && flags.Contains("fma");
        return requested switch
        {
            "default" => "default",
            "avx2" when avx2 => "avx2",
            "avx512" when avx512 => "avx512",
            _ => avx512 ? "avx512" : avx2 ? "avx2" : "default",
        };
    }

    /// <summary>The value of the first "key : value" line whose key is <paramref name="key"/>, trimmed.</summary>
    private static string? Field(string? cpuInfo, string key)
    {
        foreach (var line in (cpuInfo ?? "").Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == key)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }
}
