namespace OfaExp.Nn.Import.Legacy;

/// <summary>
/// A legacy checkpoint that cannot be read, or asks for something the reader refuses. Kept apart from other
/// exceptions so the reader can put the file name and the right advice around the reason.
/// </summary>
internal sealed class PickleFormatException(string message, bool refused = false) : Exception(message)
{
    /// <summary>True when the file asked to construct something outside the whitelist (not merely malformed).</summary>
    public bool Refused { get; } = refused;
}
