using OfaExp.Core.Runs;

namespace OfaExp.Storage;

/// <summary>Maps <see cref="RunStatus"/> to the lower-case words stored in runs.status (and matched by SQL).</summary>
internal static class RunStatusText
{
    public static string ToText(RunStatus status) => status switch
    {
        RunStatus.Pending => "pending",
        RunStatus.Running => "running",
        RunStatus.Done => "done",
        RunStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown run status."),
    };

    public static RunStatus Parse(string text) => text switch
    {
        "pending" => RunStatus.Pending,
        "running" => RunStatus.Running,
        "done" => RunStatus.Done,
        "failed" => RunStatus.Failed,
        _ => throw new InvalidDataException($"Unknown run status '{text}' in the runs table."),
    };
}
