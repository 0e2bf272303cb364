namespace OfaExp.Core.Spec;

/// <summary>Where a supernet classifies (supernet.exits).</summary>
public enum SupernetExits
{
    /// <summary>SE: one classifier after the last stage (OFA).</summary>
    Single,

    /// <summary>EE: an exit after every stage (OFAv2).</summary>
    Early,
}
