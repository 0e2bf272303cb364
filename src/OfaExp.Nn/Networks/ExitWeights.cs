using OfaExp.Core.Seeding;
using static TorchSharp.torch;

namespace OfaExp.Nn.Networks;

/// <summary>
/// OFAv2's exit weights w = v = [0.06, 0.13, 0.20, 0.27, 0.34]: the loss weights of the maximal early-exit network
/// and the weights of its ensemble output (and of the ENS-KD soft label), plus the per-exit dropout seeds. The
/// weights sum to 1, so the ensemble is on the scale of one exit's logits.
/// </summary>
public static class ExitWeights
{
    /// <summary>Exit i (1-based) has weight Values[i - 1].</summary>
    public static IReadOnlyList<double> Values { get; } = [0.06, 0.13, 0.20, 0.27, 0.34];

    /// <summary>The weights of a network with <paramref name="exits"/> outputs: all five, or 1 for a single-exit network.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Neither 1 nor 5 exits: OFAv2 defines no weights for that.</exception>
    public static IReadOnlyList<double> For(int exits) => exits switch
    {
        1 => [1.0],
        5 => Values,
        _ => throw new ArgumentOutOfRangeException(nameof(exits), exits, "OFAv2's exit weights are defined for all 5 exits (or a single exit)."),
    };

    /// <summary>sum_i v_i z_i over the logits of all five exits (in exit order), or the one logits tensor of a single-exit network; the inputs are not disposed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Neither 1 nor 5 logits tensors.</exception>
    public static Tensor Ensemble(IReadOnlyList<Tensor> logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        var weights = For(logits.Count);
        if (logits.Count == 1)
        {
            return logits[0].alias();
        }

        var sum = logits[0] * weights[0];
        for (var i = 1; i < logits.Count; i++)
        {
            using var previous = sum;
            using var weighted = logits[i] * weights[i];
            sum = previous + weighted;
        }

        return sum;
    }

    /// <summary>
    /// The dropout seed of exit <paramref name="exit"/> of a network with <paramref name="stages"/> stages: the last
    /// exit (OFA's classifier) takes <paramref name="seed"/> itself, so single-exit runs draw the masks they always
    /// drew; earlier exits take distinct derived seeds.
    /// </summary>
    public static ulong DropoutSeed(ulong seed, int exit, int stages) => exit == stages ? seed : SeedDerivation.ForIndex(seed, exit);
}
