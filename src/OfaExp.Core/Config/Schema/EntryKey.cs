using OfaExp.Core.Spec;

namespace OfaExp.Core.Config.Schema;

/// <summary>
/// One key of a declared table or figure (<c>tables.&lt;name&gt;.&lt;key&gt;</c>, <c>figures.&lt;name&gt;.&lt;key&gt;</c>).
/// <paramref name="Expected"/> completes "&lt;path&gt;: expected ..." when the value has the wrong shape.
/// </summary>
public sealed record EntryKey(string Name, EntryShape Shape, string Expected)
{
    /// <summary>A choice key's spellings, from the table its binder parses with; null for other shapes.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>What a choice key tells a value that is not one of <see cref="Choices"/>, after "&lt;path&gt;: ".</summary>
    public Func<string, string>? Unknown { get; init; }

    public static EntryKey Text(string name, string expected) => new(name, EntryShape.Text, expected);

    public static EntryKey Keys(string name, string expected) => new(name, EntryShape.Keys, expected);

    /// <param name="unknown">The message for a value that is not a spelling (given the value); null repeats <paramref name="expected"/>.</param>
    public static EntryKey Choice<T>(string name, Spelling<T> spelling, string expected, Func<string, string>? unknown = null)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(spelling);
        return new EntryKey(name, EntryShape.Choice, expected)
        {
            Choices = spelling.All,
            Unknown = unknown ?? (_ => $"expected {expected}."),
        };
    }
}
