using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OfaExp.Core.Config;

/// <summary>Reads YAML into <see cref="ConfigNode"/> trees, keeping the file and line of every key and value.</summary>
public static class YamlConfigReader
{
    public static ConfigMap ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new ConfigException(new ConfigDiagnostic(new SourceLocation(path, 0, 0), $"cannot read the file: {e.Message}"));
        }

        return ReadText(text, path);
    }

    /// <summary>How deep mappings and lists may nest; experiment files need about five levels.</summary>
    public const int MaxDepth = 64;

    public static ConfigMap ReadText(string text, string fileName)
    {
        var stream = new YamlStream();
        try
        {
            Screen(text, fileName);
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var inner = e.InnerException?.Message is { } m ? $" ({m})" : "";
            throw new ConfigException(new ConfigDiagnostic(
                new SourceLocation(fileName, (int)e.Start.Line, (int)e.Start.Column),
                $"malformed YAML: {e.Message}{inner}. Check the indentation and the ':' after each key."));
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this (without a position) for some unterminated flow collections.
            throw new ConfigException(new ConfigDiagnostic(new SourceLocation(fileName, 0, 0),
                $"malformed YAML ({e.Message}). Look for an unclosed '[' or '{{'."));
        }

        if (stream.Documents.Count == 0)
        {
            return ConfigMap.Empty(new SourceLocation(fileName, 1, 1));
        }

        if (stream.Documents.Count > 1)
        {
            throw new ConfigException(new ConfigDiagnostic(new SourceLocation(fileName, 1, 1), "expected one YAML document, found several ('---' separators)."));
        }

        var root = Convert(stream.Documents[0].RootNode, fileName);
        return root switch
        {
            ConfigMap map => map,
            ConfigScalar { IsNull: true } s => ConfigMap.Empty(s.Location),
            _ => throw new ConfigException(new ConfigDiagnostic(root.Location, "the top level must be a mapping of keys to values.")),
        };
    }

    /// <summary>
    /// Refuses, from the parser's event stream and before any tree is built, what could make building it explode:
    /// aliases and anchors (a few lines of aliases can expand to billions of nodes), tags, and nesting deeper than
    /// <see cref="MaxDepth"/> (which would otherwise overflow the stack of the recursive tree builder).
    /// </summary>
    private static void Screen(string text, string fileName)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            var e = parser.Current!;
            string? problem = e switch
            {
                YamlDotNet.Core.Events.AnchorAlias => "YAML aliases (*name) are not supported in experiment files; write the value out (defaults.yaml files share settings between experiments).",
                YamlDotNet.Core.Events.NodeEvent { Anchor.IsEmpty: false } => "YAML anchors (&name) are not supported in experiment files; write the value out (defaults.yaml files share settings between experiments).",
                YamlDotNet.Core.Events.NodeEvent { Tag.IsEmpty: false } => "YAML tags (!name, !!type) are not supported in experiment files; write plain values.",
                _ => null,
            };
            if (e is YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart && ++depth > MaxDepth)
            {
                problem = $"mappings and lists nest deeper than {MaxDepth} levels; experiment files need a handful.";
            }
            else if (e is YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd)
            {
                depth--;
            }

            if (problem is not null)
            {
                throw new ConfigException(new ConfigDiagnostic(new SourceLocation(fileName, (int)e.Start.Line, (int)e.Start.Column), problem));
            }
        }
    }

    /// <summary>Parses one command-line override value (YAML flow syntax, so "[2,3]" is a list).</summary>
    public static ConfigNode ReadValue(string text, SourceLocation location)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader("v: " + text));
        }
        catch (YamlException e)
        {
            throw new ConfigException(new ConfigDiagnostic(location, $"cannot parse the value '{text}': {e.Message}"));
        }

        var node = ((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("v")];
        return Relocate(Convert(node, location.File), location);
    }

    private static ConfigNode Relocate(ConfigNode node, SourceLocation location) => node switch
    {
        ConfigScalar s => s with { Location = location },
        ConfigList l => new ConfigList(l.Items.Select(i => Relocate(i, location)).ToList(), location),
        ConfigMap m => new ConfigMap(m.Entries.Select(e => new ConfigEntry(e.Key, location, Relocate(e.Value, location))).ToList(), location),
        _ => node,
    };

    private static SourceLocation At(YamlNode node, string file) => new(file, (int)node.Start.Line, (int)node.Start.Column);

    private static ConfigNode Convert(YamlNode node, string file)
    {
        switch (node)
        {
            case YamlScalarNode s:
                return new ConfigScalar(s.Value ?? "", s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded, At(s, file));
            case YamlSequenceNode seq:
                return new ConfigList(seq.Children.Select(c => Convert(c, file)).ToList(), At(seq, file));
            case YamlMappingNode map:
                var entries = new List<ConfigEntry>();
                foreach (var (k, v) in map.Children)
                {
                    if (k is not YamlScalarNode key || string.IsNullOrEmpty(key.Value))
                    {
                        throw new ConfigException(new ConfigDiagnostic(At(k, file), "mapping keys must be plain names."));
                    }

                    entries.Add(new ConfigEntry(key.Value, At(k, file), Convert(v, file)));
                }

                return new ConfigMap(entries, At(map, file));
            default:
                throw new ConfigException(new ConfigDiagnostic(At(node, file), "YAML aliases and tags are not supported in experiment files."));
        }
    }
}
