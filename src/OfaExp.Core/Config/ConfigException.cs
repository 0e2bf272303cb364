using OfaExp.Core.Errors;

namespace OfaExp.Core.Config;

/// <summary>Every problem found in an experiment's configuration, reported together before any work starts.</summary>
public sealed class ConfigException : OfaExpException
{
    public ConfigException(IReadOnlyList<ConfigDiagnostic> diagnostics)
        : base(Render(diagnostics), ExitCodes.BadInput) => Diagnostics = diagnostics;

    public ConfigException(ConfigDiagnostic diagnostic)
        : this([diagnostic])
    {
    }

    /// <summary>
    /// How many problems the message lists; the rest are counted. A generated file with thousands of mistakes
    /// should print one screen, not thousands of lines, and the first few usually share one cause.
    /// </summary>
    public const int MaxListed = 50;

    public IReadOnlyList<ConfigDiagnostic> Diagnostics { get; }

    private static string Render(IReadOnlyList<ConfigDiagnostic> diagnostics) =>
        (diagnostics.Count == 1 ? "Invalid configuration: " : $"Invalid configuration ({diagnostics.Count} problems):\n  ")
        + string.Join("\n  ", diagnostics.Take(MaxListed).Select(d => d.ToString()))
        + (diagnostics.Count > MaxListed
            ? $"\n  ... and {diagnostics.Count - MaxListed} more problems, not listed (the first {MaxListed} are above)."
            : "")
        + "\nNothing was run or written; fix the files above and try again.";
}
