using OfaExp.Core.Subnets;

namespace OfaExp.Core.Export;

/// <summary>What one export writes: which subnet (its resolution is the model's input size), in which format.</summary>
/// <param name="FoldBn">ONNX only: BN folded into the preceding convolutions instead of kept as BatchNormalization nodes.</param>
public sealed record ExportSettings(SubnetConfig Subnet, ExportFormat Format, bool FoldBn)
{
    /// <summary>
    /// The format as the store records it: "onnx", "onnx-folded-bn" or "pytorch". Folding changes the file, so it is
    /// part of the recorded format rather than a separate flag that `show` would have to explain.
    /// </summary>
    public string RecordedFormat => ExportFormatNames.Spelling.Name(Format) + (FoldBn && Format == ExportFormat.Onnx ? "-folded-bn" : "");
}
