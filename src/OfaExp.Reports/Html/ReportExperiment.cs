using OfaExp.Core.Planning;

namespace OfaExp.Reports.Html;

/// <summary>One experiment of a report: its description, its sweep points (the run graph) and what it declares.</summary>
/// <param name="Points">Its sweep points in plan order, each with its runs in pipeline order.</param>
/// <param name="Tables">Its declared tables, built from its finished runs as `ofaexp tables` builds them.</param>
/// <param name="Figures">Its declared figures, drawn as `ofaexp figures` draws them.</param>
public sealed record ReportExperiment(
    string Name,
    string Description,
    IReadOnlyList<PlannedPoint> Points,
    IReadOnlyList<Table> Tables,
    IReadOnlyList<ReportFigure> Figures);
