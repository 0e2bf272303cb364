namespace OfaExp.Core.Spec;

/// <summary>
/// The YAML spelling of every member of an enum of choices: the one table that parsing, the schema check (and so
/// did-you-mean), printing and the docs test read. Built from an exhaustive switch, so a member added to the enum
/// without a spelling fails the build where that switch is written.
/// </summary>
public sealed class Spelling<T>
    where T : struct, Enum
{
    private readonly Func<T, string> _name;

    public Spelling(Func<T, string> name)
    {
        ArgumentNullException.ThrowIfNull(name);
        _name = name;
        All = [.. Enum.GetValues<T>().Select(name)];
        if (All.Distinct(StringComparer.Ordinal).Count() != All.Count)
        {
            throw new ArgumentException($"Two members of {typeof(T).Name} are spelled alike: {string.Join(", ", All)}.", nameof(name));
        }
    }

    /// <summary>Every spelling, in the enum's declaration order.</summary>
    public IReadOnlyList<string> All { get; }

    public string Name(T value) => _name(value);

    /// <summary>For the config layer, where a value may still be unchecked (phase names that may name a kind).</summary>
    public bool TryParse(string name, out T value)
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (_name(candidate) == name)
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <exception cref="ArgumentException">Not one of <see cref="All"/> (the schema check rejects such values before parsing).</exception>
    public T Parse(string name)
    {
        if (TryParse(name, out var value))
        {
            return value;
        }

        throw new ArgumentException($"'{name}' is not a {typeof(T).Name}; use one of {string.Join(", ", All)}.", nameof(name));
    }
}
