namespace OfaExp.Core.Errors;

/// <summary>
/// An error the user can act on: the CLI prints <see cref="Exception.Message"/> (one paragraph, no stack
/// trace) and exits with <see cref="ExitCode"/>. Throw it only before anything was written, or after
/// the partial work was rolled back.
/// </summary>
public class OfaExpException : Exception
{
    public OfaExpException(string message, int exitCode = ExitCodes.BadInput, Exception? inner = null)
        : base(message, inner) => ExitCode = exitCode;

    public int ExitCode { get; }
}
