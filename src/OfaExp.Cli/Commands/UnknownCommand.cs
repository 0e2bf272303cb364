using McMaster.Extensions.CommandLineUtils;
using OfaExp.Core.Config;
using OfaExp.Core.Errors;

namespace OfaExp.Cli.Commands;

/// <summary>
/// Mistyped commands for a command that only groups others (the tool itself, `bench`): the parser hands them to the
/// command instead of throwing, since its own error comes with an extra "Specify --help" line on stdout and no
/// suggestion; the command then names the word and the nearest subcommand, as a mistyped config key is.
/// </summary>
internal static class UnknownCommand
{
    public static void Collect(CommandLineApplication group) => group.ThrowOnUnexpectedArgument = false;

    /// <summary>Shows the group's help when nothing follows it, and refuses whatever does (exit 2).</summary>
    public static int HelpOrRefuse(CommandLineApplication group)
    {
        if (group.RemainingArguments.Count == 0)
        {
            group.ShowHelp();
            return ExitCodes.Ok;
        }

        var path = string.Join(' ', Ancestry(group).Reverse().Skip(1).Select(c => c.Name));
        var prefix = path.Length == 0 ? "" : path + " ";
        var help = $"See '{string.Join(' ', Ancestry(group).Reverse().Select(c => c.Name))} --help'.";
        var word = group.RemainingArguments[0];
        if (word.StartsWith('-'))
        {
            throw new OfaExpException($"unknown option '{word}'. {help}");
        }

        var closest = Suggestions.Closest(word, group.Commands.Select(c => c.Name!));
        throw new OfaExpException(closest is null
            ? $"unknown command '{prefix}{word}'. {help}"
            : $"unknown command '{prefix}{word}'; did you mean '{prefix}{closest}'? {help}");
    }

    private static IEnumerable<CommandLineApplication> Ancestry(CommandLineApplication command)
    {
        for (var c = command; c is not null; c = c.Parent)
        {
            yield return c;
        }
    }
}
