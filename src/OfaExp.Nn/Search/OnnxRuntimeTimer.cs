using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OfaExp.Nn.Search;

/// <summary>
/// Times ONNX models in ONNX Runtime's CPU execution provider, in interleaved rounds (<see cref="RoundRobinTimer"/>).
/// Each model gets its own session: <c>threads</c> intra-op threads (device.threads), one inter-op thread,
/// sequential execution and every graph optimisation (ORT_ENABLE_ALL: constant folding, node fusions and the
/// layout transformations of the CPU provider), as a deployment would configure it. The intra-op workers do not
/// spin-wait between calls: hundreds of sessions run one after another, and one session's spinning workers would
/// take the cores from the next; whole subnets are timed the same way, so table and check agree on it. Inputs and
/// outputs are allocated once per model and bound on every run, so a timed run allocates nothing.
/// </summary>
public sealed class OnnxRuntimeTimer(int threads, int warmup, int repeats) : IDisposable
{
    private readonly List<Entry> _entries = [];
    private readonly RunOptions _run = new();

    /// <summary>Adds <paramref name="model"/> with one float32 input, filled with <paramref name="input"/>, and returns its index.</summary>
    /// <param name="shape">The input's full shape, batch first.</param>
    public int Add(byte[] model, float[] input, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(shape);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        var session = new InferenceSession(model, options);
        var entry = new Entry(session);
        _entries.Add(entry);
        entry.InputNames.Add(session.InputNames.Single());
        entry.Inputs.Add(OrtValue.CreateTensorValueFromMemory(input, shape));
        foreach (var (name, metadata) in session.OutputMetadata)
        {
            // The symbolic batch axis (-1) takes the input's batch size; the others are fixed by the graph.
            var dims = metadata.Dimensions.Select(d => d < 0 ? shape[0] : d).ToArray();
            entry.OutputNames.Add(name);
            entry.Outputs.Add(OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, dims));
        }

        return _entries.Count - 1;
    }

    /// <summary>Runs model <paramref name="index"/> once and returns a copy of its first output (to check what it computes).</summary>
    public float[] Run(int index)
    {
        var entry = _entries[index];
        entry.Run(_run);
        return entry.Outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>The median time of every added model, in milliseconds, in the order added.</summary>
    public double[] MedianMs(Action<int, int>? onRound = null) =>
        RoundRobinTimer.MedianMs([.. _entries.Select(e => (Action)(() => e.Run(_run)))], warmup, repeats, onRound);

    public void Dispose()
    {
        foreach (var entry in _entries)
        {
            entry.Dispose();
        }

        _entries.Clear();
        _run.Dispose();
    }

    private sealed class Entry(InferenceSession session) : IDisposable
    {
        public List<string> InputNames { get; } = [];

        public List<OrtValue> Inputs { get; } = [];

        public List<string> OutputNames { get; } = [];

        public List<OrtValue> Outputs { get; } = [];

        public void Run(RunOptions options) => session.Run(options, InputNames, Inputs, OutputNames, Outputs);

        public void Dispose()
        {
            Inputs.ForEach(v => v.Dispose());
            Outputs.ForEach(v => v.Dispose());
            session.Dispose();
        }
    }
}
