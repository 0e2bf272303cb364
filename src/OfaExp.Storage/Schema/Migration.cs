namespace OfaExp.Storage.Schema;

/// <summary>One schema step; <see cref="Version"/> is the schema version the database has after it ran.</summary>
internal sealed record Migration(int Version, string Description, string Sql);
