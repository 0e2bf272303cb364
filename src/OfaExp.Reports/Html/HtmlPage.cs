using System.Text;

namespace OfaExp.Reports.Html;

/// <summary>
/// One page of the report being written: its place in the site (which every link is made relative to), a title,
/// and a body appended in order. The output is a function of what was appended: "\n" line ends, no timestamps.
/// </summary>
internal sealed class HtmlPage(string path, string title)
{
    // Pages need no script; forbidding it means that even a value that escaped escaping could not run.
    private const string Policy = "default-src 'none'; img-src 'self' file:; style-src 'unsafe-inline'";

    private readonly StringBuilder _body = new();

    public string Path { get; } = path;

    public string Title { get; } = title;

    public Markup Link(string target, string text, string? cssClass = null) => Link(target, Markup.Text(text), cssClass);

    public Markup Link(string target, Markup content, string? cssClass = null) =>
        new($"<a href=\"{Markup.Escape(SitePaths.Relative(Path, target))}\"{(cssClass is null ? "" : $" class=\"{cssClass}\"")}>{content.Html}</a>");

    public string Href(string target) => Markup.Escape(SitePaths.Relative(Path, target));

    public HtmlPage Heading(int level, string text, string? id = null)
    {
        _body.Append(id is null ? $"<h{level}>" : $"<h{level} id=\"{Markup.Escape(id)}\">")
            .Append(Markup.Escape(text)).Append($"</h{level}>\n");
        return this;
    }

    public HtmlPage Paragraph(Markup content, string? cssClass = null)
    {
        _body.Append(Markup.Element("p", content, cssClass).Html).Append('\n');
        return this;
    }

    public HtmlPage Paragraph(string text, string? cssClass = null) => Paragraph(Markup.Text(text), cssClass);

    public HtmlPage Append(Markup markup)
    {
        _body.Append(markup.Html).Append('\n');
        return this;
    }

    /// <summary>A list of label/value rows, the way `ofaexp show` prints fields.</summary>
    public HtmlPage Fields(IEnumerable<(string Label, Markup Value)> fields)
    {
        _body.Append("<table class=\"fields\">\n");
        foreach (var (label, value) in fields)
        {
            _body.Append("<tr><th>").Append(Markup.Escape(label)).Append("</th><td>").Append(value.Html).Append("</td></tr>\n");
        }

        _body.Append("</table>\n");
        return this;
    }

    /// <summary>
    /// Opens the box a table with many columns scrolls in (see <see cref="ReportStyle"/>): a run graph or a strategies
    /// table is wider than a window, and would otherwise be cut at the page's right edge.
    /// </summary>
    internal const string Wide = "<div class=\"wide\">\n";

    /// <summary>A table with a header row; <paramref name="numeric"/> marks the columns aligned right.</summary>
    public HtmlPage Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<Markup>> rows, Func<int, bool>? numeric = null, string? cssClass = null)
    {
        _body.Append(Wide).Append(cssClass is null ? "<table>\n" : $"<table class=\"{cssClass}\">\n").Append("<thead><tr>");
        foreach (var column in header)
        {
            _body.Append("<th>").Append(Markup.Escape(column)).Append("</th>");
        }

        _body.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            for (var c = 0; c < row.Count; c++)
            {
                _body.Append(numeric?.Invoke(c) == true ? "<td class=\"num\">" : "<td>").Append(row[c].Html).Append("</td>");
            }

            _body.Append("</tr>\n");
        }

        _body.Append("</tbody>\n</table>\n</div>\n");
        return this;
    }

    public SiteFile ToFile()
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(Policy).Append("\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Markup.Escape(Title)).Append("</title>\n")
            .Append("<style>\n").Append(ReportStyle.Css).Append("</style>\n</head>\n<body>\n");
        if (Path != SitePaths.Index)
        {
            html.Append("<nav>").Append(Link(SitePaths.Index, "report index").Html).Append("</nav>\n");
        }

        html.Append("<main>\n").Append(_body).Append("</main>\n</body>\n</html>\n");
        return new SiteFile(Path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(html.ToString()));
    }
}
