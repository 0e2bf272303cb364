using System.Text.RegularExpressions;
using OfaExp.Core.Errors;

namespace OfaExp.Reports;

/// <summary>A table's name becomes its file name, so it must not be able to point outside the tables folder.</summary>
internal static partial class TableName
{
    public static void Check(string name)
    {
        if (!Syntax().IsMatch(name))
        {
            throw new OfaExpException(
                $"Table name '{name}' must be a plain file name: a letter or digit, then letters, digits, '_', '-' "
                + "or '.' (it is written as <name>.csv).");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_\-]*(\.[A-Za-z0-9_\-]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
