namespace OfaExp.Storage;

/// <summary>Checks for the lower-case hex strings used as run ids and artifact names.</summary>
internal static class Hex
{
    public const int Sha256Length = 64;

    public static bool IsLowerHex(string text)
    {
        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsSha256(string text) => text.Length == Sha256Length && IsLowerHex(text);
}
