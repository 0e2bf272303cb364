namespace OfaExp.Nn.Import.Legacy;

/// <summary>
/// What torch._utils._rebuild_tensor_v2 would build, as data: a strided view of a storage. It becomes a tensor only
/// once the storages after the pickles are read (<see cref="LegacyCheckpoint.Materialize"/>).
/// </summary>
internal sealed record LegacyTensorRef(LegacyStorageRef Storage, long Offset, IReadOnlyList<long> Size, IReadOnlyList<long> Stride);
