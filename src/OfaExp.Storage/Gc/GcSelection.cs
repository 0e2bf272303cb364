using OfaExp.Core.Runs;

namespace OfaExp.Storage.Gc;

/// <summary>Decides what gc deletes, from the artifact rows, the runs and the files alone (no I/O).</summary>
public static class GcSelection
{
    /// <summary>
    /// A write temporary younger than this may still be written to (by a process on another host that shares the
    /// store directory, whose claim this host cannot see die), so it is left for a later gc.
    /// </summary>
    public static readonly TimeSpan TemporaryAge = TimeSpan.FromHours(1);

    /// <param name="keepLastCheckpoints">
    /// Null keeps every end-of-epoch checkpoint (mid-epoch checkpoints of done runs always go: nothing resumes
    /// from them once their epoch has finished). Otherwise each done run keeps the checkpoints of its last K epochs and of its best
    /// epoch (a distilling run's teacher); runs not done keep all of theirs, since they resume from the last one.
    /// </param>
    public static GcPlan Select(
        IReadOnlyList<StoredArtifact> rows,
        IReadOnlyList<GcRun> runs,
        IReadOnlyList<StoredFile> files,
        int? keepLastCheckpoints,
        DateTimeOffset now)
    {
        if (keepLastCheckpoints < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(keepLastCheckpoints), keepLastCheckpoints, "Cannot keep a negative number of checkpoints.");
        }

        var dropped = MidEpochCheckpointsOfDoneRuns(rows, runs);
        if (keepLastCheckpoints is { } keep)
        {
            dropped = [.. dropped.Concat(DroppedCheckpoints(rows, runs, keep))
                .OrderBy(r => r.Artifact.RunId, StringComparer.Ordinal).ThenBy(r => r.Artifact.Epoch).ThenBy(r => r.RowId)];
        }

        var droppedIds = dropped.Select(r => r.RowId).ToHashSet();
        // Rows share a file when they hold the same bytes: a file goes only when no row that stays names it.
        var referenced = rows
            .Where(r => !droppedIds.Contains(r.RowId))
            .Select(r => r.Artifact.Sha256)
            .ToHashSet(StringComparer.Ordinal);
        var garbage = files
            .Where(f => f.Sha256 is { } sha256 ? !referenced.Contains(sha256) : now - f.LastWriteUtc > TemporaryAge)
            .ToList();
        return new GcPlan(dropped, garbage);
    }

    private static List<StoredArtifact> MidEpochCheckpointsOfDoneRuns(IReadOnlyList<StoredArtifact> rows, IReadOnlyList<GcRun> runs)
    {
        var done = runs.Where(r => r.Status == RunStatus.Done).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return [.. rows
            .Where(r => r.Artifact.Kind == StoreRunRecorder.MidEpochCheckpointKind && done.Contains(r.Artifact.RunId))
            .OrderBy(r => r.Artifact.RunId, StringComparer.Ordinal).ThenBy(r => r.Artifact.Epoch).ThenBy(r => r.RowId)];
    }

    private static List<StoredArtifact> DroppedCheckpoints(IReadOnlyList<StoredArtifact> rows, IReadOnlyList<GcRun> runs, int keep)
    {
        var done = runs.Where(r => r.Status == RunStatus.Done).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var dropped = new List<StoredArtifact>();
        var checkpointsOfDoneRuns = rows
            .Where(r => r.Artifact.Kind == StoreRunRecorder.CheckpointKind && r.Artifact.Epoch is not null && done.ContainsKey(r.Artifact.RunId))
            .GroupBy(r => r.Artifact.RunId, StringComparer.Ordinal);
        foreach (var run in checkpointsOfDoneRuns)
        {
            var kept = run.Select(r => r.Artifact.Epoch!.Value).Distinct().OrderDescending().Take(keep).ToHashSet();
            if (done[run.Key].BestEpoch is { } best)
            {
                kept.Add(best);
            }

            dropped.AddRange(run.Where(r => !kept.Contains(r.Artifact.Epoch!.Value)));
        }

        return dropped
            .OrderBy(r => r.Artifact.RunId, StringComparer.Ordinal)
            .ThenBy(r => r.Artifact.Epoch)
            .ThenBy(r => r.RowId)
            .ToList();
    }
}
