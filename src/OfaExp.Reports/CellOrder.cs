namespace OfaExp.Reports;

/// <summary>
/// Row-key ordering: empty cells first, then numbers by value (so 2 sorts before 10), then text by ordinal.
/// Keeping the three classes apart makes the order total; mixing numeric and ordinal comparison would not be.
/// </summary>
internal sealed class CellOrder : IComparer<string>, IComparer<IReadOnlyList<string>>
{
    public static readonly CellOrder Instance = new();

    private CellOrder()
    {
    }

    public int Compare(string? x, string? y)
    {
        x ??= string.Empty;
        y ??= string.Empty;
        var byClass = Class(x).CompareTo(Class(y));
        if (byClass != 0)
        {
            return byClass;
        }

        if (InvariantNumber.TryParse(x, out var a) && InvariantNumber.TryParse(y, out var b))
        {
            var byValue = a.CompareTo(b);
            if (byValue != 0)
            {
                return byValue;
            }
        }

        // Equal numbers written differently (1 and 1.0) still get a fixed order.
        return string.CompareOrdinal(x, y);
    }

    public int Compare(IReadOnlyList<string>? x, IReadOnlyList<string>? y)
    {
        x ??= [];
        y ??= [];
        for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
        {
            var byCell = Compare(x[i], y[i]);
            if (byCell != 0)
            {
                return byCell;
            }
        }

        return x.Count.CompareTo(y.Count);
    }

    private static int Class(string cell) =>
        cell.Length == 0 ? 0 : InvariantNumber.TryParse(cell, out _) ? 1 : 2;
}
