using System.Diagnostics;
using System.Globalization;

namespace OfaExp.Storage;

/// <summary>
/// Named points in the store's writes where the crash tests kill the process, the way a power cut or an OOM killer
/// would: with <c>OFAEXP_CRASH_AT=POINT:N</c> in its environment, the process sends itself SIGKILL the N-th time it
/// passes POINT. Points: <c>store</c> (before any store operation), <c>store-commit</c> (inside a transaction,
/// before it commits), <c>artifact-write</c> (half of a blob written) and <c>artifact-rename</c> (a blob written,
/// not yet under its name). Without the variable each pass is one comparison. A fault-injection hook rather than
/// timing, so that a seeded test hits a checkpoint write or a commit every time it means to.
/// </summary>
public static class CrashPoints
{
    public const string Store = "store";
    public const string StoreCommit = "store-commit";
    public const string ArtifactWrite = "artifact-write";
    public const string ArtifactRename = "artifact-rename";

    private static readonly (string Point, int Count)? Target = Parse(Environment.GetEnvironmentVariable("OFAEXP_CRASH_AT"));
    private static int _passes;

    public static void Pass(string point)
    {
        if (Target is { } target && target.Point == point && Interlocked.Increment(ref _passes) == target.Count)
        {
            // Process.Kill on the current process is kill(pid, SIGKILL): no finally block, no flush, no exit handler.
            Process.GetCurrentProcess().Kill();
        }
    }

    private static (string, int)? Parse(string? value) =>
        value?.Split(':') is [var point, var count] && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? (point, n)
            : null;
}
