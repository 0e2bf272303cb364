using OfaExp.Core.Config;
using OfaExp.Core.Errors;

namespace OfaExp.Reports.Figures;

/// <summary>
/// Figures compile through the table model, whose messages name a table; a user who wrote a figure should read
/// "Figure 'x'", at the same file:line.
/// </summary>
internal static class FigureError
{
    public static OfaExpException At(SourceLocation? location, string message) => TableError.At(location, message);

    public static T Renamed<T>(string name, Func<T> compile)
    {
        try
        {
            return compile();
        }
        catch (ConfigException e)
        {
            throw new ConfigException(e.Diagnostics.Select(d => d with { Message = Rename(name, d.Message) }).ToList());
        }
        catch (OfaExpException e)
        {
            throw new OfaExpException(Rename(name, e.Message), e.ExitCode, e);
        }
    }

    private static string Rename(string name, string message) =>
        message.Replace($"Table '{name}'", $"Figure '{name}'", StringComparison.Ordinal)
            .Replace($"Table name '{name}'", $"Figure name '{name}'", StringComparison.Ordinal)
            .Replace("<name>.csv", "<name>.svg", StringComparison.Ordinal);
}
