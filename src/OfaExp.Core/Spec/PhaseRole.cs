namespace OfaExp.Core.Spec;

/// <summary>
/// What a phase kind produces, and so what the runs after it may read from it. Training phases produce supernet
/// weights; the search phases produce, in order, a measured (subnet, resolution) accuracy data set, an accuracy
/// predictor trained on it, a per-layer latency table of the device, and the searched subnets.
/// </summary>
public enum PhaseRole
{
    Train,
    AccuracyDataset,
    Predictor,
    LatencyTable,
    Search,
}
