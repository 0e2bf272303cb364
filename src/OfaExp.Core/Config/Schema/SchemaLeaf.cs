using OfaExp.Core.Spec;

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
    bool DefaultInIdentity = true)
{
    /// <summary>The spellings a choice key accepts, in the order docs list them; null for other keys.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>
    /// A key whose value is one member of <typeparamref name="T"/>: its default, schema check (with did-you-mean) and
    /// <see cref="Choices"/> all come from <paramref name="spelling"/>, the table SpecBuilder parses the value with.
    /// </summary>
    /// <param name="defaultValue">Null when the default depends on other keys (a phase's kind: its name).</param>
    public static SchemaLeaf Choice<T>(string path, Spelling<T> spelling, T? defaultValue, string doc, bool DefaultInIdentity = true)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(spelling);
        return new SchemaLeaf(path, LeafKind.String, defaultValue is { } value ? spelling.Name(value) : null, doc, Schema.Checks.OneOf([.. spelling.All]), DefaultInIdentity: DefaultInIdentity)
        {
            Choices = spelling.All,
        };
    }
}
