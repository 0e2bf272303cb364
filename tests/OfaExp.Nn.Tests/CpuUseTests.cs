using OfaExp.Nn.Threads;

namespace OfaExp.Nn.Tests;

public class CpuUseTests
{
    [Fact]
    public void The_machine_line_counts_user_nice_system_irq_softirq_and_steal_as_busy()
    {
        const string stat = "cpu  100 5 20 1000 7 3 2 11 0 0\ncpu0 50 2 10 500 3 1 1 5 0 0\ncpu1 50 3 10 500 4 2 1 6 0 0\nintr 1\n";

        var (busy, total, cpus) = CpuUse.ParseMachine(stat);

        Assert.Equal(100 + 5 + 20 + 3 + 2 + 11, busy);
        Assert.Equal(busy + 1000 + 7, total);
        Assert.Equal(2, cpus);
    }

    [Fact]
    public void A_file_without_the_all_cores_line_is_refused()
    {
        Assert.Throws<FormatException>(() => CpuUse.ParseMachine("cpu0 1 2 3 4 5 6 7 8\n"));
    }

    [Fact]
    public void The_process_line_sums_utime_and_stime_after_a_command_name_with_spaces_and_parentheses()
    {
        // Fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime ...
        const string self = "4242 (ofa (exp) 1) R 1 4242 4242 0 -1 4194304 900 0 0 0 1234 56 7 8 20 0 30 0";

        Assert.Equal(1234 + 56, CpuUse.ParseProcess(self));
    }

    [Fact]
    public void Others_are_the_machine_busy_ticks_this_process_did_not_use_scaled_to_cores()
    {
        var before = new CpuUse(MachineBusy: 1000, MachineTotal: 4000, Process: 600, Cpus: 2);
        // 200 ticks passed on 2 cores: 150 busy, 90 of them this process's, so others kept 0.6 of one core busy.
        var after = new CpuUse(MachineBusy: 1150, MachineTotal: 4200, Process: 690, Cpus: 2);

        Assert.Equal(0.6, after.OthersCoresSince(before), 10);
        Assert.Equal(0, before.OthersCoresSince(before));
    }

    [Fact]
    public void This_machine_can_be_read()
    {
        var first = CpuUse.Read();
        var second = CpuUse.Read();

        Assert.NotNull(first);
        Assert.InRange(Environment.ProcessorCount, 1, first!.Value.Cpus);
        Assert.True(second!.Value.MachineTotal >= first!.Value.MachineTotal);
        Assert.True(second.Value.Process >= first.Value.Process);
    }
}
