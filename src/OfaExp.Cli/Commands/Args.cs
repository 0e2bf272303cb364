using McMaster.Extensions.CommandLineUtils;
using OfaExp.Core.Errors;

namespace OfaExp.Cli.Commands;

internal static class Args
{
    public static string Required(CommandArgument argument) =>
        string.IsNullOrWhiteSpace(argument.Value)
            ? throw new OfaExpException($"Missing argument {argument.Name}. See --help for usage.")
            : argument.Value;
}
