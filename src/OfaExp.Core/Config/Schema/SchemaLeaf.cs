namespace OfaExp.Core.Config.Schema;

/// <summary>
/// One settable key. <paramref name="Path"/> uses '*' for a phase name (phases.*.lr). <paramref name="Check"/> returns
/// an error message for an out-of-range value, or null. Keys with <paramref name="InIdentity"/> false never reach a
/// run id (paths and descriptions must not change what a run computes). A key with <paramref name="DefaultInIdentity"/>
/// false reaches a run id only when it is set to something other than its default: a key added after runs were
/// recorded keeps the ids of every run that does not use it.
/// </summary>
public sealed record SchemaLeaf(
    string Path,
    LeafKind Kind,
    object? Default,
    string Doc,
    Func<object, string?>? Check = null,
    bool InIdentity = true,
    bool Sweepable = true,
    bool DefaultInIdentity = true);
