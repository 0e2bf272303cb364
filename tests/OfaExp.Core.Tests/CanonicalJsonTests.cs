using System.Globalization;
using OfaExp.Core.Hashing;

namespace OfaExp.Core.Tests;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Maps_are_sorted_and_numbers_are_shortest_round_trip()
    {
        var json = CanonicalJson.Write(new Dictionary<string, object?> { ["b"] = 0.1, ["a"] = new[] { 2, 3 }, ["c"] = 1.0, ["d"] = 3e-5, ["e"] = "x\"y" });
        Assert.Equal("{\"a\":[2,3],\"b\":0.1,\"c\":1.0,\"d\":3E-05,\"e\":\"x\\\"y\"}", json);
    }

    [Fact]
    public void Output_does_not_depend_on_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            // The tool runs with invariant globalization, so build a culture that writes decimal commas by hand.
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NegativeSign = "~";
            CultureInfo.CurrentCulture = comma;
            Assert.Equal("[0.25,-1.5]", CanonicalJson.Write(new[] { 0.25, -1.5 }));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
