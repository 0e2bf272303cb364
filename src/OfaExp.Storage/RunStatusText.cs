using OfaExp.Core.Runs;

namespace OfaExp.Storage;

/// <summary>Reads the lower-case words stored in runs.status (written by SQL) as <see cref="RunStatus"/>.</summary>
internal static class RunStatusText
{
    public static RunStatus Parse(string text) => text switch
    {
        "pending" => RunStatus.Pending,
        "running" => RunStatus.Running,
        "done" => RunStatus.Done,
        "failed" => RunStatus.Failed,
        _ => throw new InvalidDataException($"Unknown run status '{text}' in the runs table."),
    };
}
