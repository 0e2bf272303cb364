namespace OfaExp.Core.Errors;

/// <summary>Process exit codes of the ofaexp tool (documented in README.md and docs/design.md).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int RunFailed = 1;
    public const int BadInput = 2;
    public const int Internal = 3;
}
