using System.Globalization;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Core.Errors;

namespace OfaExp.Cli.Commands;

internal static class Args
{
    public static string Required(CommandArgument argument) =>
        string.IsNullOrWhiteSpace(argument.Value)
            ? throw new OfaExpException($"Missing argument {argument.Name}. See --help for usage.")
            : argument.Value;

    /// <summary>A whole-number option from <paramref name="minimum"/> on, or <paramref name="fallback"/> when it is not given.</summary>
    public static int WholeNumber(CommandOption option, int fallback, int minimum = 1) => option.Value() is not { } text
        ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= minimum
            ? n
            : throw new OfaExpException($"--{option.LongName} '{text}' is not a whole number from {minimum.ToString(CultureInfo.InvariantCulture)}; give one, e.g. --{option.LongName} {fallback.ToString(CultureInfo.InvariantCulture)} (the default).");
}
