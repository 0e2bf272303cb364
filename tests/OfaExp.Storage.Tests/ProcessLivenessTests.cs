using System.Diagnostics;

namespace OfaExp.Storage.Tests;

public sealed class ProcessLivenessTests
{
    [Fact]
    public void The_start_time_is_field_22_even_when_the_command_name_holds_spaces_and_parentheses()
    {
        const string stat = "4242 (evil) name (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 987654 1000 10";

        Assert.Equal(987654L, ProcessLiveness.ParseStatStartTicks(stat));
    }

    [Fact]
    public void A_zombie_counts_as_exited() =>
        Assert.Null(ProcessLiveness.ParseStatStartTicks("4242 (dotnet) Z 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 987654 0 0"));

    [Fact]
    public void This_process_is_alive_only_with_its_own_start_ticks()
    {
        var ticks = ProcessLiveness.CurrentStartTicks();

        Assert.True(ProcessLiveness.IsAlive(Environment.ProcessId, ticks));
        Assert.True(ProcessLiveness.IsAlive(Environment.ProcessId, null));
        Assert.False(ProcessLiveness.IsAlive(Environment.ProcessId, ticks + 1));
    }

    [Fact]
    public void An_exited_process_is_not_alive()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();

        Assert.Null(ProcessLiveness.StartTicks(process.Id));
        Assert.False(ProcessLiveness.IsAlive(process.Id, null));
    }
}
