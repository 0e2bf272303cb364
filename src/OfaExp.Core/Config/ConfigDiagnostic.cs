namespace OfaExp.Core.Config;

/// <summary>One problem found in the configuration, reported as "file:line:col: message".</summary>
public sealed record ConfigDiagnostic(SourceLocation Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}
