namespace OfaExp.Core.Tests.Hardware;

/// <summary>/proc/cpuinfo as three kinds of machine print it (first processor whole, the second cut short), so no test reads this machine's.</summary>
public static class CpuInfoFixtures
{
    /// <summary>Zen 4: AVX-512 with VL, BW and DQ, and FMA.</summary>
    public const string Epyc9654 = """
        processor	: 0
        vendor_id	: AuthenticAMD
        cpu family	: 25
        model		: 17
        model name	: AMD EPYC 9654 96-Core Processor
        stepping	: 1
        microcode	: 0xa101148
        cpu MHz		: 2396.398
        cache size	: 1024 KB
        physical id	: 0
        siblings	: 192
        core id		: 0
        cpu cores	: 96
        fpu		: yes
        fpu_exception	: yes
        cpuid level	: 16
        wp		: yes
        flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid extd_apicid aperfmperf rapl pni pclmulqdq monitor ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand lahf_lm cmp_legacy svm extapic cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw ibs skinit wdt tce topoext perfctr_core perfctr_nb bpext perfctr_llc mwaitx cpb cat_l3 cdp_l3 invpcid_single hw_pstate ssbd mba perfmon_v2 ibrs ibpb stibp ibrs_enhanced vmmcall fsgsbase bmi1 avx2 smep bmi2 erms invpcid cqm rdt_a avx512f avx512dq rdseed adx smap avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local avx512_bf16 clzero irperf xsaveerptr rdpru wbnoinvd amd_ppin cppc arat npt lbrv svm_lock nrip_save tsc_scale vmcb_clean flushbyasid decodeassists pausefilter pfthreshold avic v_vmsave_vmload vgif x2avic v_spec_ctrl vnmi avx512vbmi umip pku ospke avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg avx512_vpopcntdq la57 rdpid overflow_recov succor smca fsrm flush_l1d
        bugs		: sysret_ss_attrs spectre_v1 spectre_v2 spec_store_bypass srso
        bogomips	: 4792.79
        TLB size	: 3584 4K pages
        clflush size	: 64
        cache_alignment	: 64
        address sizes	: 52 bits physical, 57 bits virtual
        power management: ts ttp tm hwpstate cpb eff_freq_ro [13] [14]

        processor	: 1
        vendor_id	: AuthenticAMD
        model name	: AMD EPYC 9654 96-Core Processor

        """;

    /// <summary>Zen 3 in a cloud VM: AVX2 and FMA, no AVX-512.</summary>
    public const string Epyc7B13 = """
        processor	: 0
        vendor_id	: AuthenticAMD
        cpu family	: 25
        model		: 1
        model name	: AMD EPYC 7B13
        stepping	: 0
        microcode	: 0xffffffff
        cpu MHz		: 2449.998
        cache size	: 512 KB
        flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid extd_apicid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm cmp_legacy cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw topoext invpcid_single ssbd ibrs ibpb stibp vmmcall fsgsbase bmi1 avx2 smep bmi2 erms invpcid rdseed adx smap clflushopt clwb sha_ni xsaveopt xsavec xgetbv1 clzero xsaveerptr rdpru arat npt nrip_save umip vaes vpclmulqdq rdpid fsrm
        bogomips	: 4899.99
        address sizes	: 48 bits physical, 48 bits virtual

        processor	: 1
        vendor_id	: AuthenticAMD
        model name	: AMD EPYC 7B13

        """;

    /// <summary>An emulated CPU without AVX: ATen falls back to its default kernels.</summary>
    public const string QemuVirtual = """
        processor	: 0
        vendor_id	: GenuineIntel
        cpu family	: 6
        model		: 6
        model name	: QEMU Virtual CPU version 2.5+
        flags		: fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pse36 clflush mmx fxsr sse sse2 syscall nx lm rep_good nopl cpuid tsc_known_freq pni cx16 x2apic hypervisor lahf_lm

        """;

    /// <summary>An ARM board: no "model name" and no x86 "flags".</summary>
    public const string RaspberryPi = """
        processor	: 0
        BogoMIPS	: 108.00
        Features	: fp asimd evtstrm crc32 cpuid
        CPU implementer	: 0x41
        CPU part	: 0xd08

        Hardware	: BCM2835
        Revision	: c03111
        Model		: Raspberry Pi 4 Model B Rev 1.1

        """;
}
