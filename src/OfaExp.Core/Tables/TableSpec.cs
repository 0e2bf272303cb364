using OfaExp.Core.Config;

namespace OfaExp.Core.Tables;

/// <summary>
/// A declared output table (<c>tables:</c> in an experiment). With <see cref="Source"/> metrics (the default) a
/// row shows one finished run and values aggregate its metric series; with subnets a row groups the subnet
/// evaluations of one finished run and values aggregate their fields (top1, top5, loss, flops, params, latency).
/// One row per distinct combination of the <see cref="Rows"/> keys (see <see cref="TableKeys"/>); one column per
/// key, then one per value. <see cref="Columns"/>, when set, is a row key whose values become columns instead
/// (e.g. one top-1 column per phase).
/// </summary>
/// <param name="Location">Where the table is declared, for error messages; null for tables built in code.</param>
/// <param name="MeanOver">
/// A row key (e.g. seed) whose runs are averaged: each value is computed per value of the key, as if it were a row
/// key, and the cell is the mean of those numbers over the key's values; the key itself gets no column.
/// </param>
public sealed record TableSpec(
    string Name,
    IReadOnlyList<string> Rows,
    IReadOnlyList<TableValueSpec> Values,
    string? Where,
    TableSource Source = TableSource.Metrics,
    string? Columns = null,
    SourceLocation? Location = null,
    string? MeanOver = null);
