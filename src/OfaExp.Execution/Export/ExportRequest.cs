using OfaExp.Core.Export;

namespace OfaExp.Execution.Export;

/// <summary>What `ofaexp export` was asked for, as given on the command line (checked by <see cref="ExportUseCase"/>).</summary>
/// <param name="RunPrefix">A run id or unique prefix: a done supernet run, or with <paramref name="Target"/> a search run (or its supernet).</param>
/// <param name="Subnet">An architecture string of the supernet's space (exclusive with <paramref name="Target"/>).</param>
/// <param name="Target">An efficiency target a done search run searched for, e.g. 3MFLOPs: its found subnet is exported.</param>
/// <param name="Resolution">The input resolution; null takes the architecture's own.</param>
/// <param name="Experiments">The experiments directory the run was planned from (its settings rebuild the supernet).</param>
public sealed record ExportRequest(
    string RunPrefix, string? Subnet, string? Target, int? Resolution, ExportFormat Format, bool FoldBn, string OutPath, string Experiments);
