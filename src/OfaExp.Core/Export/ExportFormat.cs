namespace OfaExp.Core.Export;

/// <summary>The file formats `ofaexp export` writes a static subnet in.</summary>
public enum ExportFormat
{
    /// <summary>An ONNX model (opset 17, dynamic batch axis), for any supernet variant.</summary>
    Onnx,

    /// <summary>A torch.save'd dict that the reference code's static MobileNetV3 loads (OFA's own space only).</summary>
    PyTorch,
}
