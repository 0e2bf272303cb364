using System.Globalization;

namespace OfaExp.Core.Config.Schema;

/// <summary>Turns a YAML node into the typed value of a schema leaf, or a diagnostic.</summary>
public static class LeafParser
{
    public static object? Parse(SchemaLeaf leaf, string path, ConfigNode node, List<ConfigDiagnostic> diagnostics)
    {
        object? value = leaf.Kind switch
        {
            LeafKind.IntList => ParseList(path, node, diagnostics, "integers", s => ParseInt(s)),
            LeafKind.StringList => ParseList(path, node, diagnostics, "names", s => s.IsNull ? null : s.Text),
            _ => node is ConfigScalar scalar ? ParseScalar(leaf.Kind, scalar) : null,
        };

        if (value is null)
        {
            if (leaf.Kind is not (LeafKind.IntList or LeafKind.StringList) || node is ConfigList)
            {
                if (!diagnostics.Any(d => d.Location == node.Location && d.Message.StartsWith(path, StringComparison.Ordinal)))
                {
                    diagnostics.Add(new ConfigDiagnostic(node.Location, $"{path}: expected {Describe(leaf.Kind)}, got {Show(node)}."));
                }
            }

            return null;
        }

        if (leaf.Check?.Invoke(value) is { } problem)
        {
            diagnostics.Add(new ConfigDiagnostic(node.Location, $"{path}: {problem}"));
            return null;
        }

        return value;
    }

    private static object? ParseScalar(LeafKind kind, ConfigScalar s)
    {
        if (s.IsNull)
        {
            return null;
        }

        return kind switch
        {
            LeafKind.Int => s.Quoted ? null : ParseInt(s),
            LeafKind.Double => !s.Quoted && double.TryParse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null,
            LeafKind.Bool => s.Quoted ? null : s.Text switch { "true" or "True" or "TRUE" => true, "false" or "False" or "FALSE" => false, _ => null },
            LeafKind.String => s.Text,
            _ => null,
        };
    }

    private static object? ParseInt(ConfigScalar s) =>
        !s.Quoted && int.TryParse(s.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : null;

    private static object? ParseList<T>(string path, ConfigNode node, List<ConfigDiagnostic> diagnostics, string what, Func<ConfigScalar, object?> item)
    {
        if (node is not ConfigList list)
        {
            diagnostics.Add(new ConfigDiagnostic(node.Location, $"{path}: expected a list of {what} like [1, 2], got {Show(node)}."));
            return null;
        }

        var values = new List<T>();
        foreach (var element in list.Items)
        {
            if (element is not ConfigScalar s || item(s) is not T v)
            {
                diagnostics.Add(new ConfigDiagnostic(element.Location, $"{path}: expected a list of {what}, but one element is {Show(element)}."));
                return null;
            }

            values.Add(v);
        }

        return values.ToArray();
    }

    private static object? ParseList(string path, ConfigNode node, List<ConfigDiagnostic> diagnostics, string what, Func<ConfigScalar, object?> item) =>
        what == "integers"
            ? ParseList<int>(path, node, diagnostics, what, item)
            : ParseList<string>(path, node, diagnostics, what, item);

    private static string Describe(LeafKind kind) => kind switch
    {
        LeafKind.Int => "an integer",
        LeafKind.Double => "a number",
        LeafKind.Bool => "true or false",
        LeafKind.String => "a string",
        LeafKind.IntList => "a list of integers",
        _ => "a list of names",
    };

    private static string Show(ConfigNode node) => node switch
    {
        ConfigScalar { IsNull: true } => "nothing",
        ConfigScalar s => s.Quoted ? $"the quoted string \"{Clip(s.Text)}\"" : $"'{Clip(s.Text)}'",
        ConfigList => "a list",
        _ => "a mapping",
    };

    /// <summary>A value as quoted back: a long one (a 1 MB scalar) by its start and length, so the error stays one line.</summary>
    private static string Clip(string text) =>
        text.Length <= 80 ? text : $"{text[..(char.IsHighSurrogate(text[59]) ? 59 : 60)]}... ({text.Length} characters)";
}
