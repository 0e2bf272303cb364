namespace OfaExp.Core.Search;

/// <summary>
/// The efficiency measure a search constrains: analytic FLOPs (counted as OFA counts them, in millions) or latency
/// predicted from a measured per-layer table (milliseconds on the device that measured it).
/// </summary>
public enum EfficiencyKind
{
    Flops,
    Latency,
}
