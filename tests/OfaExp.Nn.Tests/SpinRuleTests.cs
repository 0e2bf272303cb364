using OfaExp.Nn.Threads;

namespace OfaExp.Nn.Tests;

public class SpinRuleTests
{
    [Theory]
    [InlineData(2, 2, 0.2, false)] // a daemon or a short command beside a 2-thread run on 2 cores
    [InlineData(2, 2, 0.3, true)]
    [InlineData(2, 2, 1.0, true)] // one busy process
    [InlineData(4, 2, 2.2, false)] // a sibling worker with 2 threads on 4 cores leaves this one its 2
    [InlineData(4, 2, 2.3, true)]
    [InlineData(2, 4, 0.3, true)] // more threads than cores: nothing is left to others
    public void Other_processes_contend_when_they_use_more_than_the_cores_left_to_them_plus_the_margin(int cores, int threads, double others, bool contended)
    {
        Assert.Equal(contended, new SpinRule(cores, threads).Contended(others));
    }

    [Fact]
    public void Spinning_starts_only_after_quiet_readings_in_a_row_and_stops_at_the_first_busy_one()
    {
        var rule = new SpinRule(Cores: 2, Threads: 2, QuietReadings: 3);
        var state = SpinState.Initial;
        var seen = new List<bool>();
        foreach (var others in new[] { 0.0, 0.1, 0.9, 0.0, 0.0, 0.0, 0.1, 1.0, 0.0, 0.0, 0.0 })
        {
            state = rule.Next(state, others);
            seen.Add(state.Spinning);
        }

        Assert.Equal([false, false, false, false, false, true, true, false, false, false, true], seen);
    }
}
