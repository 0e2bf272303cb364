using OfaExp.Core.Seeding;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Networks;

/// <summary>
/// OFA's init_models(net, "he_fout"): convs ~ N(0, sqrt(2 / (k*k*out))), BN weight 1 / bias 0, linear weight
/// ~ U(-1/sqrt(in), 1/sqrt(in)), every bias 0. All draws come from one private generator seeded from the run's seed,
/// in the module order of named_modules(), so initial weights are a pure function of that seed.
/// </summary>
public static class OfaInit
{
    public static void InitModels(nn.Module net, ulong seed)
    {
        using var generator = new Generator(0, CPU);
        generator.manual_seed(SeedDerivation.ToTorchSeed(seed));
        using var noGrad = no_grad();
        // Held for the whole loop: TorchSharp's fill_ reads a Scalar's handle and lets go of the Scalar before the
        // native call, so a temporary one (fill_(1)) can be finalised by a collection on another thread mid-call.
        using var one = 1.0.ToScalar();
        foreach (var (_, module) in net.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    var fanOut = conv.kernel_size[0] * conv.kernel_size[1] * conv.out_channels;
                    conv.weight.normal_(0, Math.Sqrt(2.0 / fanOut), generator);
                    conv.bias?.zero_();
                    break;
                case BatchNorm2d bn:
                    bn.weight?.fill_(one);
                    bn.bias?.zero_();
                    break;
                case Linear linear:
                    var bound = 1.0 / Math.Sqrt(linear.in_features);
                    linear.weight.uniform_(-bound, bound, generator);
                    linear.bias?.zero_();
                    break;
            }
        }
    }
}
