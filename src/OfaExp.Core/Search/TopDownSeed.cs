namespace OfaExp.Core.Search;

/// <summary>How top-down search (search.top_down_seed) fills a follow-up target's first population around the pruned previous best.</summary>
public enum TopDownSeed
{
    /// <summary>The pruned architecture plus feasible mutations of it (OfaExp's first implementation; the default, so existing runs keep their results).</summary>
    Mutations,

    /// <summary>The pruned architecture copied into every member (the multi-latency paper's seeding).</summary>
    Copies,
}
