namespace OfaExp.Core.Runs;

/// <summary>What an exported subnet artifact holds: its format, the subnet's architecture string and its input resolution.</summary>
/// <param name="Format">"onnx", "onnx-folded-bn" or "pytorch" (<see cref="Export.ExportSettings.RecordedFormat"/>).</param>
/// <param name="Subnet">The canonical architecture string (<see cref="Subnets.SubnetConfig.ToString"/>).</param>
public sealed record ArtifactExport(string Format, string Subnet, int Resolution);
