using OfaExp.Core.Runs;
using OfaExp.Storage.Gc;

namespace OfaExp.Storage.Tests;

/// <summary>gc's choice as a pure function of artifact rows, runs and the file listing.</summary>
public sealed class GcSelectionTests
{
    private static readonly DateTimeOffset Now = TestRuns.Start;
    private static readonly string Done = TestRuns.Id("done");
    private static readonly string Other = TestRuns.Id("other");

    private static string Sha(string seed) => TestRuns.Id("blob " + seed);

    private static StoredFile File(string sha256, long bytes = 100) => new($"{sha256[..2]}/{sha256}", sha256, bytes, Now.AddDays(-1));

    private static StoredFile Temporary(TimeSpan age) => new($"ab/.ab{new string('0', 62)}.42.{new string('1', 32)}.tmp", null, 7, Now - age);

    private static StoredArtifact Row(long id, string runId, string kind, int? epoch, string sha256) =>
        new(id, new ArtifactRecord(runId, kind, epoch, sha256, 100, ArtifactStore.RelativePathOf(sha256)));

    /// <summary>Five checkpoints (epochs 0-4) and a model for <paramref name="runId"/>, row ids from <paramref name="firstRow"/>.</summary>
    private static List<StoredArtifact> Trained(string runId, long firstRow) =>
    [
        .. Enumerable.Range(0, 5).Select(e => Row(firstRow + e, runId, StoreRunRecorder.CheckpointKind, e, Sha($"{runId} {e}"))),
        Row(firstRow + 5, runId, "model", null, Sha($"{runId} model")),
    ];

    private static List<StoredFile> FilesOf(IEnumerable<StoredArtifact> rows) =>
        rows.Select(r => r.Artifact.Sha256).Distinct().Select(s => File(s)).ToList();

    private static int?[] Epochs(GcPlan plan) => plan.Checkpoints.Select(c => c.Artifact.Epoch).ToArray();

    [Fact]
    public void Files_no_row_names_are_garbage_and_referenced_ones_are_not()
    {
        var rows = Trained(Done, 1);
        var orphan = File(Sha("crashed between put and row"), 4321);

        var plan = GcSelection.Select(rows, [new GcRun(Done, RunStatus.Done, 2)], [.. FilesOf(rows), orphan], null, Now);

        Assert.Empty(plan.Checkpoints);
        Assert.Equal([orphan], plan.Files);
        Assert.Equal(4321, plan.FreedBytes);
    }

    [Fact]
    public void A_done_run_keeps_its_last_k_epochs_and_its_best_epoch()
    {
        var rows = Trained(Done, 1);

        var plan = GcSelection.Select(rows, [new GcRun(Done, RunStatus.Done, 1)], FilesOf(rows), 2, Now);

        Assert.Equal([0, 2], Epochs(plan));
        Assert.Equal(plan.Checkpoints.Select(c => c.Artifact.Sha256), plan.Files.Select(f => f.Sha256));
    }

    [Fact]
    public void Keeping_zero_leaves_only_the_best_epoch_and_a_run_without_one_loses_every_checkpoint()
    {
        var rows = Trained(Done, 1).Concat(Trained(Other, 11)).ToList();
        var runs = new[] { new GcRun(Done, RunStatus.Done, 3), new GcRun(Other, RunStatus.Done, null) };

        var plan = GcSelection.Select(rows, runs, FilesOf(rows), 0, Now);

        var dropped = plan.Checkpoints.Select(c => (c.Artifact.RunId, c.Artifact.Epoch)).ToHashSet();
        var expected = new[] { 0, 1, 2, 4 }.Select(e => (Done, (int?)e)).Concat(Enumerable.Range(0, 5).Select(e => (Other, (int?)e)));
        Assert.Equal(expected.ToHashSet(), dropped);
        Assert.Equal(9, plan.Files.Count);
    }

    [Fact]
    public void Runs_that_are_not_done_keep_every_checkpoint()
    {
        foreach (var status in new[] { RunStatus.Running, RunStatus.Failed, RunStatus.Pending })
        {
            var rows = Trained(Done, 1);

            var plan = GcSelection.Select(rows, [new GcRun(Done, status, null)], FilesOf(rows), 0, Now);

            Assert.Empty(plan.Checkpoints);
            Assert.Empty(plan.Files);
        }
    }

    [Fact]
    public void Mid_epoch_checkpoints_of_done_runs_always_go_and_those_of_other_runs_stay()
    {
        var rows = new List<StoredArtifact>
        {
            Row(1, Done, StoreRunRecorder.MidEpochCheckpointKind, 1, Sha("done mid")),
            Row(2, Done, StoreRunRecorder.CheckpointKind, 1, Sha("done end")),
            Row(3, Other, StoreRunRecorder.MidEpochCheckpointKind, 1, Sha("other mid")),
        };
        var runs = new[] { new GcRun(Done, RunStatus.Done, 1), new GcRun(Other, RunStatus.Failed, null) };

        var plan = GcSelection.Select(rows, runs, FilesOf(rows), null, Now);

        Assert.Equal([1L], plan.Checkpoints.Select(c => c.RowId));
        Assert.Equal([Sha("done mid")], plan.Files.Select(f => f.Sha256));
        // With K = 0 the end-of-epoch checkpoint goes too, unless it is the best epoch's.
        Assert.Equal([1L], GcSelection.Select(rows, runs, FilesOf(rows), 0, Now).Checkpoints.Select(c => c.RowId));
        runs[0] = runs[0] with { BestEpoch = null };
        Assert.Equal([1L, 2L], GcSelection.Select(rows, runs, FilesOf(rows), 0, Now).Checkpoints.Select(c => c.RowId).Order());
    }

    [Fact]
    public void Models_are_never_dropped()
    {
        var rows = Trained(Done, 1);

        var plan = GcSelection.Select(rows, [new GcRun(Done, RunStatus.Done, null)], FilesOf(rows), 0, Now);

        Assert.DoesNotContain(plan.Checkpoints, c => c.Artifact.Kind != StoreRunRecorder.CheckpointKind);
        Assert.DoesNotContain(plan.Files, f => f.Sha256 == Sha($"{Done} model"));
    }

    [Fact]
    public void A_file_stays_while_any_remaining_row_shares_its_bytes()
    {
        var shared = Sha("same bytes");
        var rows = new List<StoredArtifact>
        {
            Row(1, Done, StoreRunRecorder.CheckpointKind, 0, shared),
            Row(2, Done, StoreRunRecorder.CheckpointKind, 1, Sha("last")),
            Row(3, Other, StoreRunRecorder.CheckpointKind, 0, shared),
            Row(4, Other, StoreRunRecorder.CheckpointKind, 1, Sha("also dropped")),
            Row(5, Other, StoreRunRecorder.CheckpointKind, 2, Sha("other last")),
        };
        var runs = new[] { new GcRun(Done, RunStatus.Done, null), new GcRun(Other, RunStatus.Failed, null) };

        var plan = GcSelection.Select(rows, runs, FilesOf(rows), 1, Now);

        Assert.Equal([1L], plan.Checkpoints.Select(c => c.RowId));
        Assert.Empty(plan.Files);

        var bothDone = GcSelection.Select(rows, [runs[0], runs[1] with { Status = RunStatus.Done }], FilesOf(rows), 1, Now);
        Assert.Equal([1L, 3L, 4L], bothDone.Checkpoints.Select(c => c.RowId).Order());
        Assert.Equal(new[] { shared, Sha("also dropped") }.ToHashSet(), bothDone.Files.Select(f => f.Sha256!).ToHashSet());
    }

    [Fact]
    public void Write_temporaries_go_only_once_no_live_writer_can_still_be_writing_them()
    {
        var stale = Temporary(GcSelection.TemporaryAge + TimeSpan.FromSeconds(1));
        var fresh = Temporary(GcSelection.TemporaryAge - TimeSpan.FromSeconds(1));

        var plan = GcSelection.Select([], [], [stale, fresh], null, Now);

        Assert.Equal([stale], plan.Files);
    }

    [Fact]
    public void A_negative_count_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GcSelection.Select([], [], [], -1, Now));
    }
}
