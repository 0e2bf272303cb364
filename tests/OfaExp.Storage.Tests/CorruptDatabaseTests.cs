using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using OfaExp.Core.Errors;

namespace OfaExp.Storage.Tests;

public sealed class CorruptDatabaseTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Kinds() => ["random bytes", "text", "sqlite header then garbage", "another application's sqlite"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_file_that_is_not_an_ofaexp_database_is_refused_and_left_byte_for_byte_unchanged(string kind)
    {
        var path = _dir.File("ofaexp.db");
        Write(path, kind);
        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<OfaExpException>(() => RunStore.Open(path));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains(path, error.Message);
        Assert.Contains("is not a valid OfaExp database", error.Message);
        Assert.Contains("Move it aside", error.Message);
        Assert.Contains("--db", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["ofaexp.db"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_directory_at_the_database_path_is_bad_input()
    {
        var path = _dir.File("ofaexp.db");
        Directory.CreateDirectory(path);

        var error = Assert.Throws<OfaExpException>(() => RunStore.Open(path));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains(path, error.Message);
    }

    private static void Write(string path, string kind)
    {
        var random = new Random(1234);
        switch (kind)
        {
            case "random bytes":
                var bytes = new byte[8192];
                random.NextBytes(bytes);
                File.WriteAllBytes(path, bytes);
                break;
            case "text":
                File.WriteAllText(path, "experiments:\n  - kd\n");
                break;
            case "sqlite header then garbage":
                var garbage = new byte[8192];
                random.NextBytes(garbage);
                Encoding.ASCII.GetBytes("SQLite format 3\0").CopyTo(garbage, 0);
                File.WriteAllBytes(path, garbage);
                break;
            case "another application's sqlite":
                using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
                {
                    connection.Open();
                    connection.Execute("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');");
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }
}
