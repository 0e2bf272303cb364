namespace OfaExp.Core.Config;

/// <summary>Where a config value came from; Line and Column are 1-based, 0 when unknown (command line).</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public static SourceLocation CommandLine { get; } = new("command line", 0, 0);

    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
