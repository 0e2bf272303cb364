using Dapper;
using Microsoft.Data.Sqlite;
using OfaExp.Storage.Schema;

namespace OfaExp.Storage;

/// <summary>
/// The SQLite run store: runs, metrics, subnet evaluations, artifacts and sweep points in one file shared by
/// local worker processes (WAL, busy timeout, foreign keys on). One instance holds one connection; its methods
/// serialize on a lock, so a heartbeat timer may share it with the training thread.
/// </summary>
public sealed partial class RunStore : IDisposable
{
    public const string DefaultPath = "artifacts/ofaexp.db";

    // SQLite error codes (sqlite3.h) that mean the file's contents are not a usable database.
    private const int SqliteCorrupt = 11;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;

    private readonly SqliteConnection _connection;
    private readonly RunStoreOptions _options;
    private readonly Lock _gate = new();

    private RunStore(string path, SqliteConnection connection, RunStoreOptions options)
    {
        Path = path;
        _connection = connection;
        _options = options;
    }

    /// <summary>Absolute path of the database file.</summary>
    public string Path { get; }

    public int SchemaVersion => Migrations.All.Count;

    /// <summary>
    /// Opens (creating file and directory when missing) and migrates the database at <paramref name="dbPath"/>.
    /// A file that is not an OfaExp database, or one from a newer schema, is refused with an
    /// <see cref="Core.Errors.OfaExpException"/> and left untouched.
    /// </summary>
    public static RunStore Open(string dbPath, RunStoreOptions? options = null)
    {
        options ??= new RunStoreOptions();
        var path = System.IO.Path.GetFullPath(dbPath);
        DatabaseFile.EnsureNotForeign(path);
        if (System.IO.Path.GetDirectoryName(path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        return Connect(path, path, SqliteOpenMode.ReadWriteCreate, options, " PRAGMA foreign_keys = ON;", connection =>
        {
            // Refuse foreign or newer files before the journal-mode switch, which would write to them.
            SchemaMigrator.Inspect(connection, path, Migrations.All);
            var wanted = options.WriteAheadLog ? "wal" : "delete";
            var mode = connection.ExecuteScalar<string>($"PRAGMA journal_mode = {wanted}");
            if (!string.Equals(mode, wanted, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite refused {wanted} journal mode for {path} (got '{mode}').");
            }

            SchemaMigrator.Migrate(connection, path, Migrations.All, options.Clock);
            return connection;
        },
        e => DatabaseFile.NotAnOfaExpDatabase(path, "SQLite reports: " + e.Message.TrimEnd('.'), e));
    }

    /// <summary>
    /// Opens an existing store for commands that only read (status, show, compare, plan, tables), or returns null
    /// when there is no file or an empty one. Nothing is written: no schema, no journal-mode switch, and no -wal or
    /// -shm files beside the database, so archived stores on read-only shares can be inspected. A store from an
    /// older schema is copied into memory and migrated there. While a writer holds the store (its -wal file exists)
    /// reads go through the writer's journal and see its latest commits; otherwise the file is opened immutable,
    /// which needs neither journal file.
    /// </summary>
    public static RunStore? OpenReadOnly(string dbPath, RunStoreOptions? options = null)
    {
        options ??= new RunStoreOptions();
        var path = System.IO.Path.GetFullPath(dbPath);
        DatabaseFile.EnsureNotForeign(path);
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return null;
        }

        var source = File.Exists(path + "-wal") ? path : new Uri(path).AbsoluteUri + "?immutable=1";
        return Connect(path, source, SqliteOpenMode.ReadOnly, options, "", connection =>
        {
            if (SchemaMigrator.Inspect(connection, path, Migrations.All) == Migrations.All.Count)
            {
                return connection;
            }

            var memory = new SqliteConnection("Data Source=:memory:");
            memory.Open();
            connection.BackupDatabase(memory);
            connection.Dispose();
            SchemaMigrator.Migrate(memory, path, Migrations.All, options.Clock);
            return memory;
        },
        e => DatabaseFile.Damaged(path, e));
    }

    /// <summary>
    /// Opens <paramref name="source"/> (the file, or a URI naming it) and hands the connection to
    /// <paramref name="prepare"/> (schema checks, migration); SQLite's corruption and open errors become user errors
    /// naming <paramref name="path"/>, <paramref name="corrupt"/> choosing the advice.
    /// </summary>
    private static RunStore Connect(
        string path, string source, SqliteOpenMode mode, RunStoreOptions options, string pragmas,
        Func<SqliteConnection, SqliteConnection> prepare, Func<SqliteException, Core.Errors.OfaExpException> corrupt)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = source,
            Mode = mode,
            // Pooling would keep the file open after Dispose, which blocks moving or deleting it.
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString());
        try
        {
            connection.Open();
            connection.Execute(FormattableString.Invariant(
                $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};") + pragmas);
            connection = prepare(connection);
            return Ready(path, connection, options);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            connection.Dispose();
            throw corrupt(e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCantOpen)
        {
            connection.Dispose();
            throw DatabaseFile.CannotOpen(path, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static RunStore Ready(string path, SqliteConnection connection, RunStoreOptions options)
    {
        var liveness = new OwnerLiveness(options.Host, options.StaleAfter, options.Clock);
        connection.CreateFunction<string?, long?, long?, string?, bool>(
            OwnerLiveness.SqlFunction,
            liveness.IsDead,
            isDeterministic: false);
        return new RunStore(path, connection, options);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    /// <summary>
    /// Runs one store operation under the connection's lock. SQLite notices a damaged page only when a query
    /// reaches it, so every operation, not just opening, turns corruption into the user error that names the file.
    /// </summary>
    private T Guarded<T>(Func<T> operation)
    {
        lock (_gate)
        {
            CrashPoints.Pass(CrashPoints.Store);
            try
            {
                return operation();
            }
            catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
            {
                throw DatabaseFile.Damaged(Path, e);
            }
        }
    }

    private void Guarded(Action operation) => Guarded(() =>
    {
        operation();
        return true;
    });

    private string Now() => Timestamps.Format(_options.Clock.GetUtcNow());

    /// <summary>The store's clock now, at the precision timestamps are stored with, so it compares with recorded times.</summary>
    public DateTimeOffset UtcNow() => Timestamps.Parse(Now());

    private static bool IsConstraintViolation(SqliteException e) => e.SqliteErrorCode == SqliteConstraint;
}
