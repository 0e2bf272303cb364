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

    public IReadOnlyList<ConfigDiagnostic> Diagnostics { get; }

    private static string Render(IReadOnlyList<ConfigDiagnostic> diagnostics) =>
        (diagnostics.Count == 1 ? "Invalid configuration: " : $"Invalid configuration ({diagnostics.Count} problems):\n  ")
        + string.Join("\n  ", diagnostics.Select(d => d.ToString()))
        + "\nNothing was run or written; fix the files above and try again.";
}
