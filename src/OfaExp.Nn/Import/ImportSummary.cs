namespace OfaExp.Nn.Import;

/// <summary>What <see cref="OfaCheckpointImporter.Load"/> did.</summary>
/// <param name="Path">The checkpoint file.</param>
/// <param name="Loaded">Tensors copied into the supernet (parameters and BN running statistics).</param>
/// <param name="Ignored">Checkpoint entries deliberately skipped (BN num_batches_tracked).</param>
/// <param name="Renamed">Checkpoint keys that needed a rewrite rule (<see cref="ReferenceKeyMap"/>) to find their target.</param>
/// <param name="NotInCheckpoint">
/// OfaExp tensors that OFA does not have (OFAv2 exit heads and parallel branches) and that kept their values;
/// empty for an OFA (SE_B) supernet.
/// </param>
public sealed record ImportSummary(string Path, int Loaded, int Ignored, int Renamed, IReadOnlyList<string> NotInCheckpoint);
