namespace OfaExp.Core.Spec;

/// <summary>The YAML spelling of each <see cref="LatencyRuntime"/> (latency_table.runtime).</summary>
public static class LatencyRuntimeNames
{
    public static Spelling<LatencyRuntime> Spelling { get; } = new(runtime => runtime switch
    {
        LatencyRuntime.Libtorch => "libtorch",
        LatencyRuntime.Onnxruntime => "onnxruntime",
    });
}
