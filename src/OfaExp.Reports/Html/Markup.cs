using System.Text;

namespace OfaExp.Reports.Html;

/// <summary>
/// A piece of HTML that is safe to emit as is. Text only becomes markup through <see cref="Text"/>, which escapes
/// it, so a description, a config value or a run's error message can never open a tag in a report page.
/// </summary>
internal readonly record struct Markup(string Html)
{
    public static Markup Empty { get; } = new(string.Empty);

    public static Markup Text(string? text) => new(Escape(text ?? string.Empty));

    /// <summary>An element whose tag and class are the builder's own constants, around escaped content.</summary>
    public static Markup Element(string tag, Markup content, string? cssClass = null) =>
        new(cssClass is null ? $"<{tag}>{content.Html}</{tag}>" : $"<{tag} class=\"{cssClass}\">{content.Html}</{tag}>");

    public static Markup Concat(params Markup[] parts) => new(string.Concat(parts.Select(p => p.Html)));

    public static Markup Join(string separator, IEnumerable<Markup> parts) =>
        new(string.Join(Escape(separator), parts.Select(p => p.Html)));

    /// <summary>Escapes the five characters that can end text or an attribute value; everything else is UTF-8 as is.</summary>
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    public override string ToString() => Html;
}
