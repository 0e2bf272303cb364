namespace OfaExp.Core.Config;

/// <summary>A scalar as written. <paramref name="Quoted"/> scalars are always strings (so "3" is not the number 3).</summary>
public sealed record ConfigScalar(string Text, bool Quoted, SourceLocation Location) : ConfigNode(Location)
{
    public bool IsNull => !Quoted && (Text.Length == 0 || Text is "~" or "null" or "Null" or "NULL");
}
