namespace OfaExp.Core.Execution;

/// <summary>State saved at the end of 0-based <paramref name="Epoch"/>.</summary>
public sealed record RunCheckpoint(int Epoch, byte[] Bytes);
