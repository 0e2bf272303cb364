namespace OfaExp.Core.Tables;

/// <summary>
/// A declared output table (<c>tables:</c> in an experiment). One row per distinct combination of the
/// <see cref="Rows"/> keys over the experiment's finished runs; one column per key, then one per value.
/// Row keys: <c>phase</c>, <c>experiment</c>, <c>run</c> (12-hex id), <c>parent</c>, or a config path of the
/// run's identity inputs (e.g. <c>seed</c>, <c>phases.full.lr</c>).
/// </summary>
public sealed record TableSpec(string Name, IReadOnlyList<string> Rows, IReadOnlyList<TableValueSpec> Values, string? Where);
