using static TorchSharp.torch;

namespace OfaExp.Nn.Import.Legacy;

/// <summary>
/// A persistent id of the legacy format resolved to its storage: elements [<paramref name="ViewOffset"/>,
/// ViewOffset + <paramref name="ViewSize"/>) of the storage stored under <paramref name="Key"/> (a whole storage
/// unless the id carried view metadata, which PyTorch before 1.0 wrote for storage views).
/// </summary>
internal sealed record LegacyStorageRef(string Key, ScalarType DType, long ViewOffset, long ViewSize);
