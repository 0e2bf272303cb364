using OfaExp.Core.Figures;
using OfaExp.Core.Tables;

namespace OfaExp.Core.Config.Schema;

/// <summary>
/// The keys a declared table or figure may set, in the order the docs list them, each with its shape and what a
/// wrong value is told; the binders (ConfigResolver) read every key through these and add the rules that span keys.
/// </summary>
public sealed record EntrySchema(string Section, IReadOnlyList<EntryKey> Keys)
{
    private static readonly string SourceChoices = $"one of {string.Join(", ", TableSourceNames.Spelling.All)}";

    public static EntrySchema Table { get; } = new("tables",
    [
        new EntryKey("rows", EntryShape.List, "a list of row keys, e.g. [phase, seed]"),
        new EntryKey("values", EntryShape.Map, "a mapping of column names to expressions, e.g. 'val_top1: last(val_top1)' or 'val_top1: {expr: last(val_top1), format: F2}'"),
        EntryKey.Text("where", "a filter, e.g. phase == full"),
        EntryKey.Choice("source", TableSourceNames.Spelling, $"{SourceChoices} (metrics: one row per run over its metrics; subnets: over its subnet evaluations)"),
        EntryKey.Text("columns", "one row key whose values become columns, e.g. 'columns: phase'"),
        EntryKey.Text("mean_over", "one row key whose runs are averaged, e.g. 'mean_over: seed'"),
    ]);

    public static EntrySchema Figure { get; } = new("figures",
    [
        EntryKey.Choice("kind", FigureKindNames.Spelling, $"one of {string.Join(", ", FigureKindNames.Spelling.All)}", kind =>
        {
            var hint = Suggestions.Closest(kind, FigureKindNames.Spelling.All);
            return $"unknown kind '{kind}'. {(hint is null ? "" : $"Did you mean '{hint}'? ")}Kinds: bars (grouped bars with error bars), scatter (points, optionally with a Pareto front), lines (learning curves over a lineage's phases).";
        }),
        EntryKey.Choice("source", TableSourceNames.Spelling, SourceChoices, _ => $"expected {SourceChoices} (metrics: over runs' metrics; subnets: over their subnet evaluations)."),
        // bars: the group key or keys (read as Keys by the binder); scatter: an expression; lines: not set.
        EntryKey.Text("x", "an expression, e.g. flops / 1e6"),
        EntryKey.Text("y", "an expression, e.g. max(top1) or val_top1"),
        EntryKey.Keys("series", "a row key or a list of them, e.g. teacher.selection or [phase, seed]"),
        EntryKey.Text("where", "a filter, e.g. phase == full"),
        EntryKey.Text("mean_over", "one row key whose runs are averaged, e.g. 'mean_over: seed'"),
        EntryKey.Choice("error", FigureErrorKindNames.Spelling, $"one of {string.Join(", ", FigureErrorKindNames.Spelling.All)}", _ =>
            $"expected one of {string.Join(", ", FigureErrorKindNames.Spelling.All)} (std: mean +- sample standard deviation; minmax: smallest to largest value)."),
        new EntryKey("pareto", EntryShape.Flag, "true or false"),
        EntryKey.Text("reference", "an expression, e.g. noise_abs_top1_diff"),
        EntryKey.Text("title", "a text"),
        EntryKey.Text("x_label", "a text"),
        EntryKey.Text("y_label", "a text"),
    ]);

    public IReadOnlyList<string> Names => [.. Keys.Select(k => k.Name)];

    public EntryKey this[string name] => Keys.Single(k => k.Name == name);
}
