using OfaExp.Core.Spec;

namespace OfaExp.Core.Tables;

/// <summary>The spelling of each <see cref="WhereOperator"/> in a where filter (words separated by one space).</summary>
public static class WhereOperatorNames
{
    public static Spelling<WhereOperator> Spelling { get; } = new(op => op switch
    {
        WhereOperator.Equal => "==",
        WhereOperator.NotEqual => "!=",
        WhereOperator.In => "in",
        WhereOperator.NotIn => "not in",
        WhereOperator.Matches => "~",
        WhereOperator.NotMatches => "!~",
    });
}
