using System.Globalization;
using System.Text;

namespace OfaExp.Core.Subnets;

/// <summary>
/// One subnet of an OFA supernet: a kernel size and an expand ratio for every elastic block slot (stages x max depth,
/// stage-major, including the slots that the stage's depth skips, as OFA's sample_active_subnet keeps them), a depth
/// per stage, and the input resolution. Immutable, with value equality over the list contents.
/// The canonical string <c>r28-d4,4,4,4,4-k7,...-e6,...</c> (<see cref="ToString"/>) writes skipped slots as the
/// largest active value of the same dimension, so two configs that build the same network print the same; it is the
/// form stored with evaluations and parsed back by <see cref="Parse"/>.
/// </summary>
public sealed class SubnetConfig : IEquatable<SubnetConfig>
{
    private readonly int[] _kernels;
    private readonly int[] _expands;
    private readonly int[] _depths;

    /// <exception cref="ArgumentException">The lists do not describe stages x blocks slots, or a depth is out of range.</exception>
    public SubnetConfig(IEnumerable<int> kernels, IEnumerable<int> expands, IEnumerable<int> depths, int resolution)
    {
        ArgumentNullException.ThrowIfNull(kernels);
        ArgumentNullException.ThrowIfNull(expands);
        ArgumentNullException.ThrowIfNull(depths);
        _kernels = [.. kernels];
        _expands = [.. expands];
        _depths = [.. depths];
        Resolution = resolution;
        if (_depths.Length == 0)
        {
            throw new ArgumentException("A subnet has at least one stage.", nameof(depths));
        }

        if (_kernels.Length == 0 || _kernels.Length % _depths.Length != 0 || _expands.Length != _kernels.Length)
        {
            throw new ArgumentException(
                $"Kernels ({_kernels.Length}) and expands ({_expands.Length}) need one entry per block slot: the same count, "
                + $"a positive multiple of the {_depths.Length} stages.",
                nameof(kernels));
        }

        BlocksPerStage = _kernels.Length / _depths.Length;
        if (_depths.Any(d => d < 1 || d > BlocksPerStage))
        {
            throw new ArgumentException($"Every depth must lie in 1..{BlocksPerStage}; got [{string.Join(",", _depths)}].", nameof(depths));
        }

        if (_kernels.Any(k => k < 1) || _expands.Any(e => e < 1) || resolution < 1)
        {
            throw new ArgumentException("Kernels, expand ratios and the resolution must be positive.", nameof(kernels));
        }
    }

    /// <summary>Kernel size per block slot, stage-major (slot = stage x <see cref="BlocksPerStage"/> + index in stage).</summary>
    public IReadOnlyList<int> Kernels => _kernels;

    /// <summary>Expand ratio per block slot, in the order of <see cref="Kernels"/>.</summary>
    public IReadOnlyList<int> Expands => _expands;

    /// <summary>Active depth per stage: the first d block slots of the stage run.</summary>
    public IReadOnlyList<int> Depths => _depths;

    public int Resolution { get; }

    public int Stages => _depths.Length;

    /// <summary>Block slots per stage: the supernet's maximum depth.</summary>
    public int BlocksPerStage { get; }

    /// <summary>Whether block slot <paramref name="slot"/> runs at this config's depth.</summary>
    public bool IsActive(int slot) => slot % BlocksPerStage < _depths[slot / BlocksPerStage];

    /// <summary>
    /// The same network with every skipped slot set to the largest active value of its dimension: the config that
    /// <see cref="ToString"/> prints and <see cref="Parse"/> returns.
    /// </summary>
    public SubnetConfig Normalized()
    {
        var maxKernel = Enumerable.Range(0, _kernels.Length).Where(IsActive).Max(i => _kernels[i]);
        var maxExpand = Enumerable.Range(0, _expands.Length).Where(IsActive).Max(i => _expands[i]);
        return new SubnetConfig(
            _kernels.Select((k, i) => IsActive(i) ? k : maxKernel),
            _expands.Select((e, i) => IsActive(i) ? e : maxExpand),
            _depths,
            Resolution);
    }

    /// <summary>Whether both configs build the same network at the same resolution (skipped slots ignored).</summary>
    public bool SameNetwork(SubnetConfig other) => Normalized().Equals(other.Normalized());

    public SubnetConfig WithResolution(int resolution) => new(_kernels, _expands, _depths, resolution);

    /// <summary>The canonical form, e.g. <c>r28-d4,4,4,4,4-k7,5,...-e6,3,...</c>, skipped slots normalised.</summary>
    public override string ToString()
    {
        var n = Normalized();
        var sb = new StringBuilder();
        sb.Append('r').Append(Resolution.ToString(CultureInfo.InvariantCulture));
        sb.Append("-d").Append(Join(n._depths));
        sb.Append("-k").Append(Join(n._kernels));
        sb.Append("-e").Append(Join(n._expands));
        return sb.ToString();
    }

    /// <summary>Parses the canonical form (<see cref="ToString"/>); the result is normalised.</summary>
    /// <exception cref="FormatException">The text is not a subnet config.</exception>
    public static SubnetConfig Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string expected = "expected 'r<resolution>-d<depths>-k<kernels>-e<expands>', e.g. 'r28-d2,2-k3,5,7,7-e3,4,6,6'";
        var parts = text.Split('-');
        if (parts.Length != 4 || parts[0].Length < 2 || parts[0][0] != 'r' || parts[1].Length < 2 || parts[1][0] != 'd'
            || parts[2].Length < 2 || parts[2][0] != 'k' || parts[3].Length < 2 || parts[3][0] != 'e')
        {
            throw new FormatException($"'{text}' is not a subnet config: {expected}.");
        }

        try
        {
            return new SubnetConfig(
                Numbers(parts[2][1..], "kernels", text),
                Numbers(parts[3][1..], "expands", text),
                Numbers(parts[1][1..], "depths", text),
                Numbers(parts[0][1..], "resolution", text).Single()).Normalized();
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"'{text}' is not a valid subnet config: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException($"'{text}' is not a subnet config: one resolution expected; {expected}.", e);
        }
    }

    public bool Equals(SubnetConfig? other) =>
        other is not null
        && Resolution == other.Resolution
        && _kernels.AsSpan().SequenceEqual(other._kernels)
        && _expands.AsSpan().SequenceEqual(other._expands)
        && _depths.AsSpan().SequenceEqual(other._depths);

    public override bool Equals(object? obj) => obj is SubnetConfig other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Resolution);
        foreach (var list in new[] { _kernels, _expands, _depths })
        {
            hash.Add(list.Length);
            foreach (var v in list)
            {
                hash.Add(v);
            }
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(SubnetConfig? a, SubnetConfig? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(SubnetConfig? a, SubnetConfig? b) => !(a == b);

    private static string Join(int[] values) => string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    private static int[] Numbers(string list, string what, string text)
    {
        var items = list.Split(',');
        var values = new int[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (!int.TryParse(items[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new FormatException($"'{text}' is not a subnet config: '{items[i]}' in the {what} is not a non-negative integer.");
            }
        }

        return values;
    }
}
