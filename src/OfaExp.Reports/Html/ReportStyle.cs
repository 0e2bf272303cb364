namespace OfaExp.Reports.Html;

/// <summary>The style sheet inlined into every page, so a single page copied alone still reads well.</summary>
internal static class ReportStyle
{
    public const string Css = """
        body { font-family: "DejaVu Sans", Verdana, sans-serif; color: #222; margin: 1.5em auto; max-width: 84em; padding: 0 1em; line-height: 1.4; }
        nav { font-size: 0.9em; margin-bottom: 1em; }
        h1 { font-size: 1.5em; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #ddd; } h3 { font-size: 1.05em; }
        table { border-collapse: collapse; margin: 0.5em 0 1.2em; font-size: 0.9em; }
        .wide { overflow-x: auto; max-width: 100%; margin: 0.5em 0 1.2em; } .wide > table { margin: 0; }
        th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; }
        table.fields th { width: 11em; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        code, .id, .hash { font-family: "DejaVu Sans Mono", monospace; font-size: 0.95em; }
        .hash { word-break: break-all; }
        .description { white-space: pre-wrap; max-width: 60em; }
        .status { padding: 0 0.35em; border-radius: 3px; font-size: 0.85em; }
        .done { background: #d4efd4; } .failed { background: #f5cccc; } .running { background: #d6e4fa; }
        .pending { background: #ececec; } .missing { background: #fff; outline: 1px dashed #999; }
        .shared { color: #555; font-size: 0.85em; }
        .error { color: #a00; white-space: pre-wrap; }
        .empty { color: #666; font-style: italic; }
        figure { margin: 1em 0 2em; } figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
        figcaption { font-size: 0.9em; color: #444; }

        """;
}
