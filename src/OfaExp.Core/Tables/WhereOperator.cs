namespace OfaExp.Core.Tables;

/// <summary>The comparison of one clause of a table's or figure's <c>where:</c> filter.</summary>
public enum WhereOperator
{
    /// <summary>The cell equals the value (numbers by value, so 0.10 matches 0.1).</summary>
    Equal,

    /// <summary>The cell differs from the value.</summary>
    NotEqual,

    /// <summary>The cell equals one of the listed values.</summary>
    In,

    /// <summary>The cell equals none of the listed values.</summary>
    NotIn,

    /// <summary>The whole cell matches the glob (<c>*</c> any text, <c>?</c> one character).</summary>
    Matches,

    /// <summary>The cell does not match the glob.</summary>
    NotMatches,
}
