using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Training;

/// <summary>
/// Splits a network's parameters as OFA's no_decay_keys "bn#bias" does: conv and linear weights get weight decay,
/// BN weights/biases and every bias do not. Both lists keep named_parameters() order.
/// </summary>
public sealed record WeightDecayGroups(
    IReadOnlyList<(string Name, Parameter Parameter)> Decay,
    IReadOnlyList<(string Name, Parameter Parameter)> NoDecay)
{
    public static WeightDecayGroups Split(nn.Module net)
    {
        var normParameters = new HashSet<IntPtr>();
        foreach (var (_, module) in net.named_modules())
        {
            if (module is BatchNorm2d bn)
            {
                foreach (var p in bn.parameters())
                {
                    normParameters.Add(p.Handle);
                }
            }
        }

        var decay = new List<(string, Parameter)>();
        var noDecay = new List<(string, Parameter)>();
        foreach (var (name, p) in net.named_parameters())
        {
            var isBias = name == "bias" || name.EndsWith(".bias", StringComparison.Ordinal);
            (isBias || normParameters.Contains(p.Handle) ? noDecay : decay).Add((name, p));
        }

        return new WeightDecayGroups(decay, noDecay);
    }
}
