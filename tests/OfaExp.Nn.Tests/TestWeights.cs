using static TorchSharp.torch;

namespace OfaExp.Nn.Tests;

/// <summary>
/// Seeded random values for every parameter and BN buffer, so that equivalence tests exercise all of them: fresh
/// networks have identity transforms, unit BN weights and zero/one running statistics, which hide slicing mistakes.
/// </summary>
internal static class TestWeights
{
    public static void Randomize(nn.Module net, long seed)
    {
        using var generator = new Generator(0, CPU);
        generator.manual_seed(seed);
        using var noGrad = no_grad();
        foreach (var (name, p) in net.named_parameters())
        {
            if (name.EndsWith("_matrix", StringComparison.Ordinal))
            {
                p.copy_(eye(p.shape[0]) + (randn(p.shape, generator: generator) * 0.1));
            }
            else if (name.Contains(".bn.", StringComparison.Ordinal) && name.EndsWith(".weight", StringComparison.Ordinal))
            {
                p.uniform_(0.5, 1.5, generator);
            }
            else if (name.EndsWith(".bias", StringComparison.Ordinal))
            {
                p.normal_(0, 0.1, generator);
            }
        }

        foreach (var (name, b) in net.named_buffers())
        {
            if (name.EndsWith("running_mean", StringComparison.Ordinal))
            {
                b.normal_(0, 0.1, generator);
            }
            else if (name.EndsWith("running_var", StringComparison.Ordinal))
            {
                b.uniform_(0.5, 1.5, generator);
            }
        }
    }

    public static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    public static double MaxDiff(Tensor a, Tensor b) => (a - b).abs().max().item<float>();
}
