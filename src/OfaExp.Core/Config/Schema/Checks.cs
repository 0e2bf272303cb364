using System.Globalization;

namespace OfaExp.Core.Config.Schema;

/// <summary>Reusable value checks for schema leaves; each returns an error message or null.</summary>
public static class Checks
{
    public static Func<object, string?> IntRange(int min, int max) =>
        v => (int)v < min || (int)v > max ? $"must be between {min} and {max}, got {(int)v}." : null;

    public static Func<object, string?> DoubleRange(double min, double max, bool minExclusive = false) =>
        v =>
        {
            var d = (double)v;
            var low = minExclusive ? d <= min : d < min;
            return low || d > max || double.IsNaN(d)
                ? string.Create(CultureInfo.InvariantCulture, $"must be {(minExclusive ? "above" : "at least")} {min} and at most {max}, got {d}.")
                : null;
        };

    public static Func<object, string?> OneOf(params string[] choices) =>
        v => choices.Contains((string)v)
            ? null
            : $"'{v}' is not a valid choice; choose one of: {string.Join(", ", choices)}."
              + (Suggestions.Closest((string)v, choices) is { } closest ? $" Did you mean '{closest}'?" : "");

    /// <summary>A non-empty ascending list drawn from <paramref name="allowed"/> (the elastic choice sets).</summary>
    public static Func<object, string?> AscendingSubsetOf(string what, params int[] allowed) =>
        v =>
        {
            var list = (IReadOnlyList<int>)v;
            if (list.Count == 0)
            {
                return $"needs at least one {what}.";
            }

            var bad = list.FirstOrDefault(x => !allowed.Contains(x), int.MinValue);
            if (bad != int.MinValue)
            {
                return $"{bad} is not a valid {what}; choose from {string.Join(", ", allowed)}.";
            }

            return list.Zip(list.Skip(1)).Any(p => p.First >= p.Second)
                ? $"list the {what}s in ascending order without repeats, e.g. [{string.Join(", ", allowed)}]."
                : null;
        };

    public static Func<object, string?> AscendingInRange(string what, int min, int max, int multipleOf) =>
        v =>
        {
            var list = (IReadOnlyList<int>)v;
            if (list.Count == 0)
            {
                return $"needs at least one {what}.";
            }

            var bad = list.FirstOrDefault(x => x < min || x > max || x % multipleOf != 0, int.MinValue);
            if (bad != int.MinValue)
            {
                return $"{bad} is not a valid {what}; use multiples of {multipleOf} between {min} and {max}.";
            }

            return list.Zip(list.Skip(1)).Any(p => p.First >= p.Second) ? $"list the {what}s in ascending order without repeats." : null;
        };

    /// <summary>Like <see cref="AscendingInRange"/>, but an empty list is allowed (it stands for "all of them").</summary>
    public static Func<object, string?> AscendingInRangeOrEmpty(string what, int min, int max, int multipleOf) =>
        v => ((IReadOnlyList<int>)v).Count == 0 ? null : AscendingInRange(what, min, max, multipleOf)(v);

    public static Func<object, string?> EachOf(int count, params int[] allowed) =>
        v =>
        {
            var list = (IReadOnlyList<int>)v;
            if (list.Count != count)
            {
                return $"needs exactly {count} values, got {list.Count}.";
            }

            var bad = list.FirstOrDefault(x => !allowed.Contains(x), int.MinValue);
            return bad != int.MinValue ? $"{bad} is not allowed; each value must be one of {string.Join(", ", allowed)}." : null;
        };

    /// <summary>A non-empty list of distinct names, each one of <paramref name="allowed"/>.</summary>
    public static Func<object, string?> DistinctNamesFrom(string what, IReadOnlyList<string> allowed) =>
        v =>
        {
            var list = (IReadOnlyList<string>)v;
            if (list.Count == 0)
            {
                return $"needs at least one {what}.";
            }

            var bad = list.FirstOrDefault(x => !allowed.Contains(x));
            if (bad is not null)
            {
                return $"'{bad}' is not a valid {what}; choose from {string.Join(", ", allowed)}.";
            }

            var duplicate = list.GroupBy(x => x).FirstOrDefault(g => g.Count() > 1);
            return duplicate is not null ? $"'{duplicate.Key}' is listed twice." : null;
        };

    /// <summary>Distinct efficiency targets (<c>120MFLOPs</c>, <c>15ms</c>), all in one unit; empty is allowed (no search phase).</summary>
    public static Func<object, string?> EfficiencyTargets() =>
        v =>
        {
            var list = (IReadOnlyList<string>)v;
            var targets = new List<Search.EfficiencyTarget>();
            foreach (var text in list)
            {
                try
                {
                    targets.Add(Search.EfficiencyTarget.Parse(text));
                }
                catch (FormatException e)
                {
                    return e.Message;
                }
            }

            if (targets.Select(t => t.Kind).Distinct().Count() > 1)
            {
                return "mixes MFLOPs and ms targets; one search constrains one efficiency measure.";
            }

            var duplicate = targets.GroupBy(t => t.Value).FirstOrDefault(g => g.Count() > 1);
            return duplicate is not null ? $"the target {duplicate.First()} is listed twice." : null;
        };
}
