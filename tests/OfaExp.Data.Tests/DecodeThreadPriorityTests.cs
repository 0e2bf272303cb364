using OfaExp.Data.ImageFolder;

namespace OfaExp.Data.Tests;

public class DecodeThreadPriorityTests
{
    [Fact]
    public void A_decode_thread_runs_at_the_low_priority_and_leaves_other_threads_alone()
    {
        var main = DecodeThreadPriority.Current();
        int before = -1, after = -1;
        var thread = new Thread(() =>
        {
            before = DecodeThreadPriority.Current();
            DecodeThreadPriority.Apply();
            after = DecodeThreadPriority.Current();
        });
        thread.Start();
        thread.Join();

        Assert.Equal(main, before);
        Assert.Equal(DecodeThreadPriority.Nice == 0 ? main : Math.Max(DecodeThreadPriority.Nice, main), after);
        Assert.Equal(main, DecodeThreadPriority.Current());
    }
}
