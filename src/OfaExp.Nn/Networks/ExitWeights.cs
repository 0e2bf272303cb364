namespace OfaExp.Nn.Networks;

/// <summary>
/// OFAv2's exit weights w = v = [0.06, 0.13, 0.20, 0.27, 0.34]: the loss weights of the maximal early-exit network
/// and the weights of its ensemble output (and of the ENS-KD soft label). They sum to 1, so the ensemble is on the
/// scale of one exit's logits.
/// </summary>
public static class ExitWeights
{
    public static IReadOnlyList<double> Values { get; } = [0.06, 0.13, 0.20, 0.27, 0.34];

    /// <summary>The weights of a network with <paramref name="exits"/> outputs: all five, or 1 for a single-exit network.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Neither 1 nor 5 exits: OFAv2 defines no weights for that.</exception>
    public static IReadOnlyList<double> For(int exits) => exits switch
    {
        1 => [1.0],
        5 => Values,
        _ => throw new ArgumentOutOfRangeException(nameof(exits), exits, "OFAv2's exit weights are defined for all 5 exits (or a single exit)."),
    };
}
