using OfaExp.Core.Runs;

namespace OfaExp.Storage;

/// <summary>The artifacts table as Dapper reads it (SQLite returns Int64 where the record holds int).</summary>
internal sealed class ArtifactRow
{
    /// <summary>The row id; read only where rows are deleted one by one (gc).</summary>
    public long Id { get; set; }
    public string RunId { get; set; } = "";
    public string Kind { get; set; } = "";
    public long? Epoch { get; set; }
    public string Sha256 { get; set; } = "";
    public long Bytes { get; set; }
    public string Path { get; set; } = "";
    public string? ExportFormat { get; set; }
    public string? ExportSubnet { get; set; }
    public long? ExportResolution { get; set; }

    public ArtifactRecord ToRecord() =>
        new(RunId, Kind, Epoch is { } epoch ? checked((int)epoch) : null, Sha256, Bytes, Path)
        {
            Export = ExportFormat is { } format ? new ArtifactExport(format, ExportSubnet ?? "", checked((int)(ExportResolution ?? 0))) : null,
        };
}
