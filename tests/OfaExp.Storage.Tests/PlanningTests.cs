using OfaExp.Core.Runs;

namespace OfaExp.Storage.Tests;

public sealed class PlanningTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualClock _clock = new(TestRuns.Start);
    private readonly RunStore _store;

    public PlanningTests() => _store = TestRuns.OpenStore(_dir, _clock);

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Planned_runs_are_stored_pending_with_their_identity_and_created_now()
    {
        var parent = TestRuns.Id("full");
        var child = TestRuns.Id("kernel");
        _clock.Advance(TimeSpan.FromHours(2));
        var asPlanned = TestRuns.Planned(child, "kd/dkd", "kernel", parent) with { Status = RunStatus.Done, Attempts = 9 };

        _store.EnsurePlanned([TestRuns.Planned(parent, "kd/dkd"), asPlanned]);

        var stored = _store.Find(child)!;
        Assert.Equal(
            asPlanned with { Status = RunStatus.Pending, Attempts = 0, CreatedAt = TestRuns.Start.AddHours(2) },
            stored);
        Assert.Equal([parent, child], _store.All().Select(r => r.Id));
    }

    [Fact]
    public void Planning_again_leaves_stored_rows_untouched()
    {
        var id = TestRuns.Id("full");
        _store.EnsurePlanned([TestRuns.Planned(id)]);
        Assert.True(_store.TryClaim(id, TestRuns.ClaimByThisProcess()));

        _store.EnsurePlanned([TestRuns.Planned(id) with { ConfigJson = "{\"changed\":true}" }, TestRuns.Planned(TestRuns.Id("other"))]);

        var stored = _store.Find(id)!;
        Assert.Equal(RunStatus.Running, stored.Status);
        Assert.Equal(1, stored.Attempts);
        Assert.Equal("{\"phase\":\"full\"}", stored.ConfigJson);
        Assert.Equal(2, _store.All().Count);
    }

    [Fact]
    public void A_child_listed_before_its_parent_fails_the_whole_batch()
    {
        var parent = TestRuns.Id("full");
        var child = TestRuns.Id("kernel");
        var unrelated = TestRuns.Id("unrelated");

        var error = Assert.Throws<InvalidOperationException>(() => _store.EnsurePlanned(
            [TestRuns.Planned(unrelated), TestRuns.Planned(child, parentId: parent), TestRuns.Planned(parent)]));

        Assert.Contains(parent, error.Message);
        Assert.Empty(_store.All());
    }

    [Fact]
    public void An_id_that_is_not_64_lower_case_hex_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => _store.EnsurePlanned([TestRuns.Planned(TestRuns.Id("x").ToUpperInvariant())]));
        Assert.Throws<ArgumentException>(() => _store.EnsurePlanned([TestRuns.Planned("abcd")]));
    }

    [Fact]
    public void StatusOf_answers_ten_thousand_ids_at_once_and_omits_unknown_ones()
    {
        var ids = Enumerable.Range(0, 10_000).Select(i => TestRuns.Id($"run {i}")).ToList();
        _store.EnsurePlanned(ids.Select(id => TestRuns.Planned(id)).ToList());
        Assert.True(_store.TryClaim(ids[1234], TestRuns.ClaimByThisProcess()));
        var unknown = TestRuns.Id("not planned");

        var statuses = _store.StatusOf(ids.Append(unknown));

        Assert.Equal(10_000, statuses.Count);
        Assert.False(statuses.ContainsKey(unknown));
        Assert.Equal(RunStatus.Running, statuses[ids[1234]]);
        Assert.Equal(9_999, statuses.Values.Count(s => s == RunStatus.Pending));
    }

    [Fact]
    public void Get_returns_stored_runs_in_the_order_asked_without_duplicates()
    {
        var a = TestRuns.Id("a");
        var b = TestRuns.Id("b");
        var c = TestRuns.Id("c");
        _store.EnsurePlanned([TestRuns.Planned(a), TestRuns.Planned(b), TestRuns.Planned(c)]);

        var runs = _store.Get([c, TestRuns.Id("unknown"), a, c]);

        Assert.Equal([c, a], runs.Select(r => r.Id));
    }
}
