using System.Text;
using OfaExp.Core.Errors;

namespace OfaExp.Storage.Schema;

/// <summary>Checks on the database file made before SQLite touches it, and the errors a user sees about it.</summary>
internal static class DatabaseFile
{
    private static readonly byte[] SqliteHeader = Encoding.ASCII.GetBytes("SQLite format 3\0");

    /// <summary>
    /// Rejects an existing file that is not SQLite by its header alone: letting SQLite open it would set the
    /// journal mode and could create -wal/-shm files beside a file the user may want to recover.
    /// </summary>
    public static void EnsureNotForeign(string path)
    {
        if (Directory.Exists(path))
        {
            throw new OfaExpException(
                $"The database path {path} is a directory, not a file. Pass --db with the path of an OfaExp " +
                "database file (it is created when missing).");
        }

        if (!File.Exists(path))
        {
            return;
        }

        var header = new byte[SqliteHeader.Length];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            if (stream.Length == 0)
            {
                // SQLite itself treats an empty file as an empty database, so one can be adopted.
                return;
            }

            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        if (read < header.Length || !header.AsSpan().SequenceEqual(SqliteHeader))
        {
            throw NotAnOfaExpDatabase(path, "it is not an SQLite file");
        }
    }

    public static OfaExpException NotAnOfaExpDatabase(string path, string why, Exception? inner = null) => new(
        $"The file {path} is not a valid OfaExp database ({why}). It was left unchanged. Move it aside " +
        "(for example rename it to ofaexp.db.bad) so a fresh database is created there (runs recorded only in it " +
        "then retrain on the next sweep), or pass --db with the path of another database.",
        ExitCodes.BadInput,
        inner);

    /// <summary>
    /// A database whose pages SQLite found damaged while reading. Moving it aside is the way out, but the runs it
    /// records are then unknown to the new store and retrain, so the advice says so and points at a backup first.
    /// </summary>
    public static OfaExpException Damaged(string path, Exception inner) => new(
        $"The run store {path} is damaged (SQLite reports: {inner.Message.TrimEnd('.')}). It was left unchanged. " +
        "Restore it from a backup if you have one; otherwise try 'sqlite3 " + path + " .recover' into a new file, " +
        "or move it aside (for example to ofaexp.db.bad) so a fresh store is created there: runs recorded only in " +
        "the damaged file then count as not done and retrain on the next sweep.",
        ExitCodes.BadInput,
        inner);

    public static OfaExpException NewerSchema(string path, int found, int known) => new(
        $"The database {path} has schema version {found}, written by a newer ofaexp; this ofaexp knows " +
        $"versions up to {known} and will not modify it. Update ofaexp (run the setup script, then " +
        "'dotnet tool restore'), or pass --db with the path of another database.",
        ExitCodes.BadInput);

    public static OfaExpException CannotOpen(string path, Exception inner) => new(
        $"Cannot open the database {path}: {inner.Message}. Check that its directory exists and is writable, " +
        "or pass --db with another path.",
        ExitCodes.BadInput,
        inner);
}
