using OfaExp.Core.Spec;

namespace OfaExp.Core.Export;

/// <summary>The command-line spelling of each <see cref="ExportFormat"/> (ofaexp export --format).</summary>
public static class ExportFormatNames
{
    public static Spelling<ExportFormat> Spelling { get; } = new(format => format switch
    {
        ExportFormat.Onnx => "onnx",
        ExportFormat.PyTorch => "pytorch",
    });
}
