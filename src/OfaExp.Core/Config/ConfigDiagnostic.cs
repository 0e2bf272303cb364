namespace OfaExp.Core.Config;

/// <summary>One problem found in the configuration, reported as "file:line:col: message".</summary>
public sealed record ConfigDiagnostic(SourceLocation Location, string Message)
{
    /// <summary>
    /// The longest message printed whole. Messages quote keys and values from the files, and one may be a 1 MB
    /// scalar or key; cut, the report stays one screen (at most <see cref="ConfigException.MaxListed"/> of these).
    /// </summary>
    public const int MaxPrintedChars = 2000;

    public override string ToString() => Message.Length <= MaxPrintedChars
        ? $"{Location}: {Message}"
        : $"{Location}: {Message[..(char.IsHighSurrogate(Message[MaxPrintedChars - 1]) ? MaxPrintedChars - 1 : MaxPrintedChars)]}... (cut: the message has {Message.Length} characters)";
}
