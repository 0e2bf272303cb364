using static TorchSharp.torch;

namespace OfaExp.Nn.Import.Legacy;

/// <summary>
/// The storage classes a legacy checkpoint may name (torch.FloatStorage, ...; torch.cuda.* for files saved from a
/// GPU, which are loaded onto the CPU as torch.load(map_location="cpu") would), with their element types.
/// </summary>
internal static class LegacyStorageTypes
{
    private static readonly Dictionary<string, (ScalarType DType, int ElementSize)> ByName = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = (ScalarType.Float32, 4),
        ["DoubleStorage"] = (ScalarType.Float64, 8),
        ["HalfStorage"] = (ScalarType.Float16, 2),
        ["BFloat16Storage"] = (ScalarType.BFloat16, 2),
        ["LongStorage"] = (ScalarType.Int64, 8),
        ["IntStorage"] = (ScalarType.Int32, 4),
        ["ShortStorage"] = (ScalarType.Int16, 2),
        ["CharStorage"] = (ScalarType.Int8, 1),
        ["ByteStorage"] = (ScalarType.Byte, 1),
        ["BoolStorage"] = (ScalarType.Bool, 1),
    };

    public static bool IsStorage(PickleGlobal global) =>
        (global.Module == "torch" || global.Module == "torch.cuda") && ByName.ContainsKey(global.Name);

    public static (ScalarType DType, int ElementSize) Of(PickleGlobal global) => ByName[global.Name];

    public static int ElementSize(ScalarType dtype) => ByName.Values.First(v => v.DType == dtype).ElementSize;
}
