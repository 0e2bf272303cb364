using OfaExp.Core.Hardware;

namespace OfaExp.Core.Tests.Hardware;

public sealed class HardwareClassTests
{
    private const string TorchSharp = "0.107.0";
    private const string Libtorch = "libtorch-cpu-linux-x64 2.10.0";

    private static HardwareClass Cpu(string cpuInfo, string? aten = null, string? onednn = null) =>
        HardwareClass.Describe(cpuInfo, aten, onednn, cuda: false, nvidiaSmi: null, TorchSharp, Libtorch);

    [Fact]
    public void The_model_name_is_the_first_processors()
    {
        Assert.Equal("AMD EPYC 9654 96-Core Processor", CpuInfo.ModelName(CpuInfoFixtures.Epyc9654));
        Assert.Equal("AMD EPYC 7B13", CpuInfo.ModelName(CpuInfoFixtures.Epyc7B13));
        Assert.Equal("BCM2835", CpuInfo.ModelName(CpuInfoFixtures.RaspberryPi));
        Assert.Null(CpuInfo.ModelName("processor\t: 0\n"));
        Assert.Null(CpuInfo.ModelName(null));
    }

    [Theory]
    [InlineData(nameof(CpuInfoFixtures.Epyc9654), null, "avx512")]
    [InlineData(nameof(CpuInfoFixtures.Epyc7B13), null, "avx2")]
    [InlineData(nameof(CpuInfoFixtures.QemuVirtual), null, "default")]
    [InlineData(nameof(CpuInfoFixtures.RaspberryPi), null, "default")]
    [InlineData(nameof(CpuInfoFixtures.Epyc9654), "avx2", "avx2")]
    [InlineData(nameof(CpuInfoFixtures.Epyc9654), "default", "default")]
    [InlineData(nameof(CpuInfoFixtures.Epyc7B13), "default", "default")]
    [InlineData(nameof(CpuInfoFixtures.Epyc7B13), "avx2", "avx2")]
    [InlineData(nameof(CpuInfoFixtures.Epyc9654), "avx512", "avx512")]
    // A capability the CPU lacks, or a value ATen does not know (it compares case-sensitively), is not taken.
    [InlineData(nameof(CpuInfoFixtures.Epyc7B13), "avx512", "avx2")]
    [InlineData(nameof(CpuInfoFixtures.QemuVirtual), "avx2", "default")]
    [InlineData(nameof(CpuInfoFixtures.Epyc9654), "AVX2", "avx512")]
    [InlineData(nameof(CpuInfoFixtures.Epyc9654), "avx", "avx512")]
    [InlineData(nameof(CpuInfoFixtures.Epyc9654), "", "avx512")]
    public void The_aten_capability_follows_the_cpu_flags_and_a_supported_request(string fixture, string? requested, string expected)
    {
        var cpuInfo = (string)typeof(CpuInfoFixtures).GetField(fixture)!.GetValue(null)!;

        Assert.Equal(expected, CpuInfo.AtenCapability(CpuInfo.Flags(cpuInfo), requested));
        Assert.Equal(expected, Cpu(cpuInfo, aten: requested).AtenCapability);
    }

    [Fact]
    public void Avx512_needs_vl_bw_dq_and_fma_as_aten_asks()
    {
        string[] all = ["avx2", "fma", "avx512f", "avx512vl", "avx512bw", "avx512dq"];
        Assert.Equal("avx512", CpuInfo.AtenCapability(all.ToHashSet(), null));
        foreach (var missing in new[] { "avx512vl", "avx512bw", "avx512dq" })
        {
            Assert.Equal("avx2", CpuInfo.AtenCapability(all.Where(f => f != missing).ToHashSet(), null));
        }

        Assert.Equal("default", CpuInfo.AtenCapability(all.Where(f => f != "fma").ToHashSet(), null));
    }

    [Fact]
    public void The_text_form_is_one_stable_line_that_parses_back()
    {
        var epyc = Cpu(CpuInfoFixtures.Epyc9654);

        Assert.Equal("cpu=AMD EPYC 9654 96-Core Processor; aten=avx512; onednn=native; torchsharp=0.107.0; libtorch=libtorch-cpu-linux-x64 2.10.0", epyc.ToString());
        Assert.Equal(epyc, HardwareClass.Parse(epyc.ToString()));
        Assert.True(epyc.IsKnown);
    }

    [Fact]
    public void A_cuda_class_names_the_gpu_and_driver_and_a_onednn_cap_as_set()
    {
        var gpu = HardwareClass.Describe(CpuInfoFixtures.Epyc7B13, null, "AVX2", cuda: true,
            "NVIDIA A100-SXM4-80GB, 535.104.05\nNVIDIA A100-SXM4-80GB, 535.104.05\n", TorchSharp, "TorchSharp-cuda-linux 0.107.0");

        Assert.Equal(
            "cpu=AMD EPYC 7B13; aten=avx2; onednn=AVX2; gpu=NVIDIA A100-SXM4-80GB; gpu_driver=535.104.05; torchsharp=0.107.0; libtorch=TorchSharp-cuda-linux 0.107.0",
            gpu.ToString());
        Assert.Equal(gpu, HardwareClass.Parse(gpu.ToString()));
    }

    [Fact]
    public void What_cannot_be_probed_is_unknown_and_never_the_same_as_anything()
    {
        var noCpuInfo = Cpu(cpuInfo: null!);
        var noSmi = HardwareClass.Describe(CpuInfoFixtures.Epyc7B13, null, null, cuda: true, nvidiaSmi: null, TorchSharp, Libtorch);

        Assert.Equal(("unknown", "unknown"), (noCpuInfo.Cpu, noCpuInfo.AtenCapability));
        Assert.Equal(("unknown", "unknown"), (noSmi.Gpu, noSmi.GpuDriver));
        Assert.False(noCpuInfo.IsKnown);
        Assert.Equal(HardwareMatch.Unknown, HardwareClass.Compare(noSmi.ToString(), noSmi.ToString()));
    }

    [Fact]
    public void Separator_characters_and_odd_whitespace_in_probed_values_keep_the_line_parseable()
    {
        var odd = HardwareClass.Describe("model name\t:  Weird;  CPU | x=1 \n", null, null, cuda: false, null, " 0.107.0 ", Libtorch);

        Assert.Equal("Weird, CPU / x=1", odd.Cpu);
        Assert.Equal("0.107.0", odd.TorchSharp);
        Assert.Equal(odd, HardwareClass.Parse(odd.ToString()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cpu=x")]
    [InlineData("cpu=x; aten=avx2; onednn=native; torchsharp=1; libtorch=2; cpu=y")]
    [InlineData("cpu=x; aten=avx2; onednn=native; torchsharp=1; libtorch=2; future=3")]
    [InlineData("cpu=x;aten=avx2;onednn=native;torchsharp=1;libtorch=2")]
    public void Anything_but_one_class_in_text_form_does_not_parse(string? text) =>
        Assert.Null(HardwareClass.Parse(text));

    [Fact]
    public void Classes_compare_same_different_or_unknown()
    {
        var avx512 = Cpu(CpuInfoFixtures.Epyc9654).ToString();
        var forcedAvx2 = Cpu(CpuInfoFixtures.Epyc9654, aten: "avx2").ToString();
        var cappedOneDnn = Cpu(CpuInfoFixtures.Epyc9654, onednn: "AVX2").ToString();
        var avx2 = Cpu(CpuInfoFixtures.Epyc7B13).ToString();

        Assert.Equal(HardwareMatch.Same, HardwareClass.Compare(avx512, Cpu(CpuInfoFixtures.Epyc9654).ToString()));
        Assert.Equal(HardwareMatch.Different, HardwareClass.Compare(avx512, avx2));
        Assert.Equal(HardwareMatch.Different, HardwareClass.Compare(avx512, forcedAvx2));
        Assert.Equal(HardwareMatch.Different, HardwareClass.Compare(avx512, cappedOneDnn));
        Assert.Equal(HardwareMatch.Unknown, HardwareClass.Compare(avx512, null));
        Assert.Equal(HardwareMatch.Unknown, HardwareClass.Compare(null, null));
        Assert.Equal(HardwareMatch.Unknown, HardwareClass.Compare(avx512, "something else"));
        Assert.Equal(["cpu", "aten"], HardwareClass.Parse(avx512)!.DifferingParts(HardwareClass.Parse(avx2)!));
    }

    [Fact]
    public void A_run_resumed_on_other_hardware_records_each_class_once_and_is_never_the_same()
    {
        var a = Cpu(CpuInfoFixtures.Epyc9654).ToString();
        var b = Cpu(CpuInfoFixtures.Epyc7B13).ToString();

        Assert.Equal(a, HardwareClass.Resumed(a, a));
        var both = HardwareClass.Resumed(a, b);
        Assert.Equal(a + " | " + b, both);
        Assert.Equal(both, HardwareClass.Resumed(both, a));
        Assert.Null(HardwareClass.Resumed(null, b));
        Assert.Null(HardwareClass.Parse(both));
        Assert.Equal(HardwareMatch.Different, HardwareClass.Compare(both, both));
        Assert.Equal(HardwareMatch.Different, HardwareClass.Compare(both, b));
    }
}
