namespace OfaExp.Reports.Tests;

public sealed class CellOrderTests
{
    [Fact]
    public void Empty_cells_then_numbers_by_value_then_text_by_ordinal()
    {
        string[] cells = ["b", "10", "", "2", "1.0", "a", "1", "-3", "1e-3", "B"];

        var sorted = cells.Order(CellOrder.Instance).ToList();

        Assert.Equal(["", "-3", "1e-3", "1", "1.0", "2", "10", "B", "a", "b"], sorted);
    }

    [Fact]
    public void The_order_is_total_even_where_numbers_and_text_mix()
    {
        // Comparing "1x" with numbers by ordinal and numbers with each other by value would make a cycle here.
        string[] cells = ["10", "2", "1x"];

        foreach (var x in cells)
        {
            foreach (var y in cells)
            {
                foreach (var z in cells)
                {
                    if (CellOrder.Instance.Compare(x, y) < 0 && CellOrder.Instance.Compare(y, z) < 0)
                    {
                        Assert.True(CellOrder.Instance.Compare(x, z) < 0, $"{x} < {y} < {z} but not {x} < {z}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Rows_compare_key_by_key()
    {
        IReadOnlyList<string>[] rows = [["full", "10"], ["kernel", "2"], ["full", "2"]];

        var sorted = rows.Order(CellOrder.Instance).Select(r => string.Join("|", r));

        Assert.Equal(["full|2", "full|10", "kernel|2"], sorted);
    }
}
