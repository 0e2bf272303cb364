using Dapper;
using Microsoft.Data.Sqlite;

namespace OfaExp.Storage.Schema;

/// <summary>Reads a database's schema version and brings it up to the newest migration this code knows.</summary>
internal static class SchemaMigrator
{
    private const string VersionTable = "schema_version";

    /// <summary>
    /// The database's current schema version (0 for an empty database). Only reads, so a database that must be
    /// refused (foreign or newer) is left exactly as it was.
    /// </summary>
    public static int Inspect(SqliteConnection connection, string path, IReadOnlyList<Migration> migrations)
    {
        var known = KnownVersion(migrations);
        var tables = connection
            .Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .ToList();
        if (tables.Count == 0)
        {
            return 0;
        }

        if (!tables.Contains(VersionTable, StringComparer.Ordinal))
        {
            throw DatabaseFile.NotAnOfaExpDatabase(path, "it is an SQLite database without OfaExp's schema_version table");
        }

        var current = ReadVersion(connection, transaction: null);
        return current > known ? throw DatabaseFile.NewerSchema(path, current, known) : current;
    }

    /// <summary>Runs every pending migration in one write transaction; returns the resulting version.</summary>
    public static int Migrate(
        SqliteConnection connection,
        string path,
        IReadOnlyList<Migration> migrations,
        TimeProvider clock)
    {
        var known = KnownVersion(migrations);
        if (Inspect(connection, path, migrations) == known)
        {
            return known;
        }

        // BEGIN IMMEDIATE (the Serializable default): two processes opening a new database at once must not
        // both see version 0 and both create the tables.
        using var transaction = connection.BeginTransaction();
        connection.Execute(
            $"CREATE TABLE IF NOT EXISTS {VersionTable} (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)",
            transaction: transaction);
        var current = ReadVersion(connection, transaction);
        if (current > known)
        {
            throw DatabaseFile.NewerSchema(path, current, known);
        }

        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            connection.Execute(migration.Sql, transaction: transaction);
            connection.Execute(
                $"INSERT INTO {VersionTable} (version, description, applied_at) VALUES (@Version, @Description, @AppliedAt)",
                new { migration.Version, migration.Description, AppliedAt = Timestamps.Format(clock.GetUtcNow()) },
                transaction);
        }

        transaction.Commit();
        return known;
    }

    private static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction) =>
        connection.ExecuteScalar<int?>($"SELECT MAX(version) FROM {VersionTable}", transaction: transaction) ?? 0;

    private static int KnownVersion(IReadOnlyList<Migration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"Migration versions must run 1, 2, 3, ... in order; position {i} has version {migrations[i].Version}.");
            }
        }

        return migrations.Count;
    }
}
