namespace OfaExp.Core.Runs;

/// <summary>A recorded scalar. Epoch-level metrics use Step = -1; per-step metrics use the global step.</summary>
public sealed record MetricPoint(int Epoch, int Step, string Name, double Value);
