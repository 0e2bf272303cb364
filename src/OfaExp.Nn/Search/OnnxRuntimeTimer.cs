using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OfaExp.Nn.Search;

/// <summary>
/// Times ONNX models in ONNX Runtime's CPU execution provider, in interleaved rounds (<see cref="RoundRobinTimer"/>).
/// Each model gets its own session: <c>threads</c> intra-op threads (device.threads), one inter-op thread,
/// sequential execution and the extended graph optimisations (ORT_ENABLE_EXTENDED: constant folding and node
/// fusions, without the CPU provider's NCHWc layout transformation of ORT_ENABLE_ALL: with it each small per-layer
/// graph pays the reorders into and out of the blocked layout that a whole network pays once, and the table's sums
/// overstated whole subnets by 40 % on the quickstart supernet, against 9.5 % without). The intra-op workers do not
/// spin-wait between calls: hundreds of sessions run one after another, and one session's spinning workers would
/// take the cores from the next; whole subnets are timed the same way, so table and check agree on it. Inputs and
/// outputs are allocated once per model and bound to the session once (an I/O binding), so a timed run is one
/// native call that allocates nothing.
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
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        var entry = new Entry(new InferenceSession(model, options));
        _entries.Add(entry);
        entry.Bind(entry.Session.InputNames.Single(), OrtValue.CreateTensorValueFromMemory(input, shape), input: true);
        foreach (var (name, metadata) in entry.Session.OutputMetadata)
        {
            // The symbolic batch axis (-1) takes the input's batch size; the others are fixed by the graph.
            var dims = metadata.Dimensions.Select(d => d < 0 ? shape[0] : d).ToArray();
            entry.Bind(name, OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, dims), input: false);
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
        private readonly OrtIoBinding _binding = session.CreateIoBinding();
        private readonly List<OrtValue> _inputs = [];

        public InferenceSession Session => session;

        public List<OrtValue> Outputs { get; } = [];

        public void Bind(string name, OrtValue value, bool input)
        {
            if (input)
            {
                _inputs.Add(value);
                _binding.BindInput(name, value);
            }
            else
            {
                Outputs.Add(value);
                _binding.BindOutput(name, value);
            }
        }

        public void Run(RunOptions options) => session.RunWithBinding(options, _binding);

        public void Dispose()
        {
            _binding.Dispose();
            _inputs.ForEach(v => v.Dispose());
            Outputs.ForEach(v => v.Dispose());
            session.Dispose();
        }
    }
}
