namespace OfaExp.Reports.Html;

/// <summary>
/// Everything a report shows, gathered from the store and the plan beforehand: building the site from it reads
/// nothing else, so the same input always gives the same files.
/// </summary>
/// <param name="Experiments">The plan's experiments, in plan order.</param>
/// <param name="Runs">Every run of the plan, in plan order (parents first), each once.</param>
public sealed record ReportInput(IReadOnlyList<ReportExperiment> Experiments, IReadOnlyList<ReportRun> Runs);
