namespace OfaExp.Core.Tables;

/// <summary>What a table's (or figure's) items are (<c>source:</c>).</summary>
public enum TableSource
{
    /// <summary>One item per finished run; values aggregate its metric series.</summary>
    Metrics,

    /// <summary>One item per subnet evaluation of a finished run; values aggregate their fields.</summary>
    Subnets,
}
