using OfaExp.Core.Config;
using OfaExp.Core.Errors;

namespace OfaExp.Reports;

/// <summary>
/// The error of an invalid table spec: a located config diagnostic when the spec came from a file (so `plan`
/// reports file:line with the other config problems), a plain bad-input error for a spec built in code.
/// </summary>
internal static class TableError
{
    public static OfaExpException At(SourceLocation? location, string message) =>
        location is null ? new OfaExpException(message) : new ConfigException(new ConfigDiagnostic(location, message));
}
