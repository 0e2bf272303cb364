namespace OfaExp.Storage;

/// <summary>One timed metrics insert: how many rows the store held afterwards and how long the insert took.</summary>
internal sealed record MetricsInsertMeasurement(int RowsRequested, long RowsStored, TimeSpan Elapsed)
{
    public double RowsPerSecond => RowsRequested / Elapsed.TotalSeconds;
}
