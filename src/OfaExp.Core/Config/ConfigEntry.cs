namespace OfaExp.Core.Config;

/// <summary>A mapping entry; the key's own location is kept so unknown keys point at the key, not the value.</summary>
public sealed record ConfigEntry(string Key, SourceLocation KeyLocation, ConfigNode Value);
