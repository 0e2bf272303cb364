using OfaExp.Nn.Networks;
using OfaExp.Core.Spec;
using OfaExp.Nn.Threads;
using static TorchSharp.torch;

namespace OfaExp.Nn.Tests;

public class GompThrottleTests
{
    private static readonly DatasetInfo Fashion = DatasetInfo.Get("fashion-mnist");

    [Fact]
    public void Engaging_starts_an_idle_team_of_one_more_thread_than_cores_and_releasing_frees_it()
    {
        var throttle = LoadedThrottle();

        throttle.Engage();
        var engaged = ThrottleThreads();
        throttle.Engage();
        var again = ThrottleThreads();
        throttle.Release();
        var released = ThrottleThreads();

        // libgomp's threads take the name of the thread that created them: the holder and its team.
        Assert.Equal(throttle.Cores + 1, engaged);
        Assert.Equal(engaged, again);
        Assert.Equal(0, released);
        Assert.False(throttle.Engaged);
    }

    [Fact]
    public void A_training_step_computes_the_same_bytes_with_the_threads_throttled()
    {
        var throttle = LoadedThrottle();
        var before = get_num_threads();
        set_num_threads(2);
        try
        {
            var spinning = Gradients();
            throttle.Engage();
            var throttled = Gradients();
            throttle.Release();

            Assert.NotEmpty(spinning);
            Assert.Equal(spinning, throttled);
        }
        finally
        {
            set_num_threads(before);
        }
    }

    private static GompThrottle LoadedThrottle()
    {
        // Any op loads libtorch, and with it the libgomp it was built with.
        using var _ = ones(2).sum();
        return GompThrottle.Find() ?? throw new InvalidOperationException("libtorch's libgomp is not among this process's mapped files");
    }

    private static int ThrottleThreads() => Directory.GetDirectories("/proc/self/task")
        .Count(task => File.ReadAllText(Path.Combine(task, "comm")).StartsWith("ofaexp gomp", StringComparison.Ordinal));

    private static float[] Gradients()
    {
        using var scope = NewDisposeScope();
        using var net = new OfaMobileNetV3(Presets.TinyElastic, Fashion, 7);
        net.train();
        var generator = new Generator(3, CPU);
        var images = randn([16, 1, 28, 28], generator: generator);
        var labels = randint(10, [16], generator: generator);
        nn.functional.cross_entropy(net.forward(images), labels).backward();
        // Parameters outside the active subnet get no gradient.
        return [.. net.parameters().Where(p => p.grad is not null).SelectMany(p => p.grad!.data<float>().ToArray())];
    }
}
