using System.Text;

namespace OfaExp.Core.Hardware;

/// <summary>
/// What shaped a run's float32 numbers beyond its identity inputs: the CPU kernels libtorch picks (ATen's CPU
/// capability, oneDNN's ISA, both following the CPU), the GPU and its driver for CUDA runs, and the libtorch build.
/// The same run id gives the same result digest only within one class; across classes results differ by float noise.
/// Recorded with each run (runs.hardware) in the stable one-line <see cref="ToString"/> form.
/// </summary>
/// <param name="Cpu">The CPU model (/proc/cpuinfo "model name"), or <see cref="Unknown"/>.</param>
/// <param name="AtenCapability">"avx512", "avx2" or "default" (<see cref="CpuInfo.AtenCapability"/>).</param>
/// <param name="OneDnnIsa">oneDNN's ISA cap (ONEDNN_MAX_CPU_ISA) as set, or "native" when not set.</param>
/// <param name="Gpu">The GPU model of a CUDA run; null for a CPU run.</param>
/// <param name="GpuDriver">The NVIDIA driver version of a CUDA run; null for a CPU run.</param>
/// <param name="TorchSharp">The TorchSharp version.</param>
/// <param name="Libtorch">The libtorch package the build references and its version, e.g. "libtorch-cpu-linux-x64 2.10.0".</param>
public sealed record HardwareClass(
    string Cpu,
    string AtenCapability,
    string OneDnnIsa,
    string? Gpu,
    string? GpuDriver,
    string TorchSharp,
    string Libtorch)
{
    /// <summary>A part that could not be probed; a class with one is never <see cref="HardwareMatch.Same"/> as another.</summary>
    public const string Unknown = "unknown";

    /// <summary>oneDNN's ISA when ONEDNN_MAX_CPU_ISA does not cap it: the best the CPU has.</summary>
    public const string NativeIsa = "native";

    /// <summary>
    /// Between the classes of a run whose attempts ran on different hardware (resumed from a checkpoint elsewhere,
    /// e.g. a Slurm task requeued onto another node type): its numbers come from all of them.
    /// </summary>
    public const string AttemptSeparator = " | ";

    private const string PartSeparator = "; ";

    /// <summary>
    /// The class of a process, from what it probed: the text of /proc/cpuinfo (null when unreadable), the
    /// ATEN_CPU_CAPABILITY and ONEDNN_MAX_CPU_ISA variables, for a CUDA run the output of
    /// <c>nvidia-smi --query-gpu=name,driver_version --format=csv,noheader</c> (null when it failed), and the
    /// TorchSharp and libtorch versions of the build.
    /// </summary>
    public static HardwareClass Describe(
        string? cpuInfo, string? atenCpuCapability, string? oneDnnMaxCpuIsa, bool cuda, string? nvidiaSmi, string torchSharp, string libtorch)
    {
        var (gpu, driver) = cuda ? Gpus(nvidiaSmi) : (null, null);
        return Cleaned(new HardwareClass(
            CpuInfo.ModelName(cpuInfo) ?? Unknown,
            cpuInfo is null ? Unknown : CpuInfo.AtenCapability(CpuInfo.Flags(cpuInfo), atenCpuCapability),
            string.IsNullOrWhiteSpace(oneDnnMaxCpuIsa) ? NativeIsa : oneDnnMaxCpuIsa,
            gpu,
            driver,
            torchSharp,
            libtorch));
    }

    /// <summary>Whether every part was probed.</summary>
    public bool IsKnown => Parts().All(p => p.Value != Unknown);

    /// <summary>The stable one-line form, e.g. "cpu=AMD EPYC 7B13; aten=avx2; onednn=native; torchsharp=0.107.0; libtorch=libtorch-cpu-linux-x64 2.10.0".</summary>
    public override string ToString() => string.Join(PartSeparator, Parts().Select(p => $"{p.Key}={p.Value}"));

    /// <summary>The names of the parts ("cpu", "aten", "gpu", ...) in which <paramref name="other"/> differs, in text order.</summary>
    public IReadOnlyList<string> DifferingParts(HardwareClass other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var theirs = other.Parts().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var mine = Parts().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return Keys.Where(k => mine.GetValueOrDefault(k) != theirs.GetValueOrDefault(k)).ToList();
    }

    /// <summary>One class in the <see cref="ToString"/> form; null for anything else (a run resumed on other hardware holds several).</summary>
    public static HardwareClass? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Contains(AttemptSeparator, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(PartSeparator))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !Keys.Contains(part[..equals]) || !parts.TryAdd(part[..equals], part[(equals + 1)..]))
            {
                return null;
            }
        }

        string? Get(string key) => parts.GetValueOrDefault(key);
        if (Get("cpu") is not { } cpu || Get("aten") is not { } aten || Get("onednn") is not { } onednn
            || Get("torchsharp") is not { } torchSharp || Get("libtorch") is not { } libtorch)
        {
            return null;
        }

        var parsed = new HardwareClass(cpu, aten, onednn, Get("gpu"), Get("gpu_driver"), torchSharp, libtorch);
        return parsed.ToString() == text ? parsed : null;
    }

    /// <summary>
    /// Whether two recorded classes (runs.hardware, null when not recorded) should give bit-identical results:
    /// <see cref="HardwareMatch.Unknown"/> when either is missing, unreadable or has an unprobed part;
    /// <see cref="HardwareMatch.Different"/> when they differ or either run was resumed on other hardware.
    /// </summary>
    public static HardwareMatch Compare(string? a, string? b)
    {
        var classesA = Classes(a);
        var classesB = Classes(b);
        if (classesA is null || classesB is null)
        {
            return HardwareMatch.Unknown;
        }

        return classesA.Count == 1 && classesB.Count == 1 && classesA[0] == classesB[0] ? HardwareMatch.Same : HardwareMatch.Different;
    }

    /// <summary>
    /// The record of a run that resumed from what an earlier attempt saved (a checkpoint, or an accuracy data set's
    /// measured pairs): the classes of its attempts, each once, in order. Null (unknown) when either is: part of its
    /// numbers came from hardware nobody recorded.
    /// </summary>
    public static string? Resumed(string? previous, string? current)
    {
        if (previous is null || current is null)
        {
            return null;
        }

        var attempts = previous.Split(AttemptSeparator).ToList();
        return attempts.Contains(current) ? previous : previous + AttemptSeparator + current;
    }

    /// <summary>The classes a recorded value holds (several for a run resumed on other hardware); null when unknown.</summary>
    private static IReadOnlyList<HardwareClass>? Classes(string? recorded)
    {
        if (string.IsNullOrEmpty(recorded))
        {
            return null;
        }

        var classes = recorded.Split(AttemptSeparator).Select(Parse).OfType<HardwareClass>().ToList();
        return classes.Count == recorded.Split(AttemptSeparator).Length && classes.All(c => c.IsKnown) ? classes : null;
    }

    private static readonly string[] Keys = ["cpu", "aten", "onednn", "gpu", "gpu_driver", "torchsharp", "libtorch"];

    private IEnumerable<KeyValuePair<string, string>> Parts()
    {
        yield return new("cpu", Cpu);
        yield return new("aten", AtenCapability);
        yield return new("onednn", OneDnnIsa);
        if (Gpu is not null)
        {
            yield return new("gpu", Gpu);
        }

        if (GpuDriver is not null)
        {
            yield return new("gpu_driver", GpuDriver);
        }

        yield return new("torchsharp", TorchSharp);
        yield return new("libtorch", Libtorch);
    }

    /// <summary>
    /// Each line of nvidia-smi's CSV is "name, driver". Several distinct GPUs (a node whose CUDA_VISIBLE_DEVICES the
    /// probe could not narrow) are all named, since the class cannot tell which one trained.
    /// </summary>
    private static (string Gpu, string Driver) Gpus(string? nvidiaSmi)
    {
        var gpus = (nvidiaSmi ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.LastIndexOf(',') is var comma and > 0 ? (line[..comma].Trim(), line[(comma + 1)..].Trim()) : (Unknown, Unknown))
            .Distinct()
            .ToList();
        return gpus.Count == 0
            ? (Unknown, Unknown)
            : (string.Join(" + ", gpus.Select(g => g.Item1).Distinct()), string.Join(" + ", gpus.Select(g => g.Item2).Distinct()));
    }

    /// <summary>Values as the text form can hold them: one line, single spaces, no separator characters, never empty.</summary>
    private static HardwareClass Cleaned(HardwareClass c) => new(
        Clean(c.Cpu)!, Clean(c.AtenCapability)!, Clean(c.OneDnnIsa)!, Clean(c.Gpu), Clean(c.GpuDriver), Clean(c.TorchSharp)!, Clean(c.Libtorch)!);

    private static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var word in value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append(text.Length == 0 ? "" : " ").Append(word.Replace(';', ',').Replace('|', '/'));
        }

        return text.Length == 0 ? Unknown : text.ToString();
    }
}
