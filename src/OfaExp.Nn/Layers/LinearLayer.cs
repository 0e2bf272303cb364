using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Layers;

/// <summary>
/// OFA's LinearLayer: dropout then <c>linear</c>. Dropout draws its mask from this layer's own generator, re-seeded by
/// the trainer before every step (<see cref="SeedDropout"/>), so masks are a function of (seed, epoch, step) and
/// neither torch's global generator nor any saved RNG state is involved.
/// </summary>
public sealed class LinearLayer : ExplicitModule
{
    private Generator? _generator;
    private ulong _seed;
    private bool _reseed = true;

    public LinearLayer(int inFeatures, int outFeatures, double dropoutRate)
        : base(nameof(LinearLayer))
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dropoutRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(dropoutRate, 1.0);
        in_features = inFeatures;
        out_features = outFeatures;
        dropout_rate = dropoutRate;
        linear = nn.Linear(inFeatures, outFeatures, hasBias: true);
        register_module("linear", linear);
    }

    public int in_features { get; }

    public int out_features { get; }

    public double dropout_rate { get; }

    public Linear linear { get; }

    /// <summary>Sets the seed the next dropout mask is drawn from.</summary>
    public void SeedDropout(ulong seed)
    {
        _seed = seed;
        _reseed = true;
    }

    public override Tensor forward(Tensor x)
    {
        if (training && dropout_rate > 0)
        {
            var generator = GeneratorFor(x.device);
            if (_reseed)
            {
                generator.manual_seed(Core.Seeding.SeedDerivation.ToTorchSeed(_seed));
                _reseed = false;
            }

            var keep = 1.0 - dropout_rate;
            var mask = empty_like(x).bernoulli_(keep, generator);
            x = x * mask / keep;
        }

        return linear.forward(x);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _generator?.Dispose();
        }

        base.Dispose(disposing);
    }

    private Generator GeneratorFor(Device device)
    {
        if (_generator is null || _generator.device.type != device.type || _generator.device.index != device.index)
        {
            _generator?.Dispose();
            _generator = new Generator(0, device);
            _reseed = true;
        }

        return _generator;
    }
}
