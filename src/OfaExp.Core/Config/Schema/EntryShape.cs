namespace OfaExp.Core.Config.Schema;

/// <summary>How the value of one key of a table or figure entry is written.</summary>
public enum EntryShape
{
    /// <summary>One non-null scalar (an expression, a row key, a filter, a label).</summary>
    Text,

    /// <summary>One scalar or a non-empty list of scalars (row keys).</summary>
    Keys,

    /// <summary>A list of scalars.</summary>
    List,

    /// <summary>true or false, unquoted.</summary>
    Flag,

    /// <summary>One spelling of an enum's <see cref="Spec.Spelling{T}"/>.</summary>
    Choice,

    /// <summary>A mapping (a table's value columns), read by its binder.</summary>
    Map,
}
