namespace OfaExp.Core.Config;

/// <summary>An untyped YAML value with its source location, before validation.</summary>
public abstract record ConfigNode(SourceLocation Location);
