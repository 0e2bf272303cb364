namespace OfaExp.Reports;

public enum ConfigDifferenceKind
{
    /// <summary>Both runs have the key with different values.</summary>
    Changed,

    /// <summary>Only run B has the key.</summary>
    Added,

    /// <summary>Only run A has the key.</summary>
    Removed,
}
