using System.Globalization;
using System.Text;

namespace OfaExp.Core.Subnets;

/// <summary>
/// One subnet of an OFA supernet: a kernel size and an expand ratio for every elastic block slot (stages x max depth,
/// stage-major, including the slots that the stage's depth skips, as OFA's sample_active_subnet keeps them), a depth
/// per stage, and the input resolution. OFAv2 adds the exit (the 1-based stage after which the subnet classifies;
/// stages after it do not run) and, for parallel-block supernets, a branch mask per slot (bit 0 the MBConv with its
/// residual, bit 1 the static 1x1 conv, bit 2 the max-pool transformation branch; 1 = MBConv only, OFA's block).
/// Immutable, with value equality over the list contents.
/// The canonical string <c>r28-d4,4,4,4,4-k7,...-e6,...[-x3][-b7,...]</c> (<see cref="ToString"/>) writes skipped
/// slots as the largest active value of the same dimension, so two configs that build the same network print the
/// same; the exit part appears only when the exit is not the last stage and the branch part only when some slot is
/// not MBConv-only, so OFA subnets print as they always did. It is the form stored with evaluations and parsed back
/// by <see cref="Parse"/>.
/// </summary>
public sealed class SubnetConfig : IEquatable<SubnetConfig>
{
    private readonly int[] _kernels;
    private readonly int[] _expands;
    private readonly int[] _depths;
    private readonly int[] _branches;

    /// <param name="exit">1-based stage of the exit; null = the last stage.</param>
    /// <param name="branches">Branch mask per slot (1..7); null = 1 (MBConv only) everywhere.</param>
    /// <exception cref="ArgumentException">The lists do not describe stages x blocks slots, or a value is out of range.</exception>
    public SubnetConfig(IEnumerable<int> kernels, IEnumerable<int> expands, IEnumerable<int> depths, int resolution, int? exit = null, IEnumerable<int>? branches = null)
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
        Exit = exit ?? _depths.Length;
        _branches = branches is null ? [.. Enumerable.Repeat(1, _kernels.Length)] : [.. branches];
        if (Exit < 1 || Exit > _depths.Length)
        {
            throw new ArgumentException($"The exit must be a stage in 1..{_depths.Length}; got {Exit}.", nameof(exit));
        }

        if (_branches.Length != _kernels.Length || _branches.Any(b => b < 1 || b > AllBranches))
        {
            throw new ArgumentException($"Branch masks need one entry per block slot ({_kernels.Length}), each in 1..{AllBranches}.", nameof(branches));
        }

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

    /// <summary>The mask of a parallel block position with all three branches on.</summary>
    public const int AllBranches = 7;

    /// <summary>The 1-based stage after which this subnet classifies; later stages do not run.</summary>
    public int Exit { get; }

    /// <summary>Branch mask per block slot, in the order of <see cref="Kernels"/> (1 = MBConv only).</summary>
    public IReadOnlyList<int> Branches => _branches;

    /// <summary>Whether every slot runs the MBConv only, as in OFA (no parallel branches).</summary>
    public bool MbConvOnly => _branches.All(b => b == 1);

    public int Stages => _depths.Length;

    /// <summary>Block slots per stage: the supernet's maximum depth.</summary>
    public int BlocksPerStage { get; }

    /// <summary>Whether block slot <paramref name="slot"/> runs: its stage is not after the exit and it is within the stage's depth.</summary>
    public bool IsActive(int slot) => slot / BlocksPerStage < Exit && slot % BlocksPerStage < _depths[slot / BlocksPerStage];

    /// <summary>
    /// The same network with every skipped slot set to the largest active value of its dimension: the config that
    /// <see cref="ToString"/> prints and <see cref="Parse"/> returns.
    /// </summary>
    public SubnetConfig Normalized()
    {
        var maxKernel = Enumerable.Range(0, _kernels.Length).Where(IsActive).Max(i => _kernels[i]);
        var maxExpand = Enumerable.Range(0, _expands.Length).Where(IsActive).Max(i => _expands[i]);
        var maxBranches = Enumerable.Range(0, _branches.Length).Where(IsActive).Max(i => _branches[i]);
        var maxDepth = _depths.Take(Exit).Max();
        return new SubnetConfig(
            _kernels.Select((k, i) => IsActive(i) ? k : maxKernel),
            _expands.Select((e, i) => IsActive(i) ? e : maxExpand),
            _depths.Select((d, s) => s < Exit ? d : maxDepth),
            Resolution,
            Exit,
            _branches.Select((b, i) => IsActive(i) ? b : maxBranches));
    }

    /// <summary>Whether both configs build the same network at the same resolution (skipped slots ignored).</summary>
    public bool SameNetwork(SubnetConfig other) => Normalized().Equals(other.Normalized());

    public SubnetConfig WithResolution(int resolution) => new(_kernels, _expands, _depths, resolution, Exit, _branches);

    /// <summary>The same blocks classified after stage <paramref name="exit"/> (1-based).</summary>
    public SubnetConfig WithExit(int exit) => new(_kernels, _expands, _depths, Resolution, exit, _branches);

    /// <summary>The canonical form, e.g. <c>r28-d4,4,4,4,4-k7,5,...-e6,3,...</c>, skipped slots normalised.</summary>
    public override string ToString()
    {
        var n = Normalized();
        var sb = new StringBuilder();
        sb.Append('r').Append(Resolution.ToString(CultureInfo.InvariantCulture));
        sb.Append("-d").Append(Join(n._depths));
        sb.Append("-k").Append(Join(n._kernels));
        sb.Append("-e").Append(Join(n._expands));
        if (n.Exit != n.Stages)
        {
            sb.Append("-x").Append(n.Exit.ToString(CultureInfo.InvariantCulture));
        }

        if (!n.MbConvOnly)
        {
            sb.Append("-b").Append(Join(n._branches));
        }

        return sb.ToString();
    }

    /// <summary>Parses the canonical form (<see cref="ToString"/>); the result is normalised.</summary>
    /// <exception cref="FormatException">The text is not a subnet config.</exception>
    public static SubnetConfig Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string expected = "expected 'r<resolution>-d<depths>-k<kernels>-e<expands>[-x<exit>][-b<branch masks>]', e.g. 'r28-d2,2-k3,5,7,7-e3,4,6,6'";
        var parts = text.Split('-');
        int? exit = null;
        int[]? branches = null;
        foreach (var extra in parts.Skip(4))
        {
            if (extra.Length >= 2 && extra[0] == 'x' && exit is null && branches is null)
            {
                var exits = Numbers(extra[1..], "exit", text);
                exit = exits.Length == 1 ? exits[0] : throw new FormatException($"'{text}' is not a subnet config: one exit expected; {expected}.");
            }
            else if (extra.Length >= 2 && extra[0] == 'b' && branches is null)
            {
                branches = Numbers(extra[1..], "branch masks", text);
            }
            else
            {
                throw new FormatException($"'{text}' is not a subnet config: unexpected part '{extra}'; {expected}.");
            }
        }

        if (parts.Length < 4 || parts.Length > 6 || parts[0].Length < 2 || parts[0][0] != 'r' || parts[1].Length < 2 || parts[1][0] != 'd'
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
                Numbers(parts[0][1..], "resolution", text).Single(),
                exit,
                branches).Normalized();
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
        && Exit == other.Exit
        && _branches.AsSpan().SequenceEqual(other._branches)
        && _kernels.AsSpan().SequenceEqual(other._kernels)
        && _expands.AsSpan().SequenceEqual(other._expands)
        && _depths.AsSpan().SequenceEqual(other._depths);

    public override bool Equals(object? obj) => obj is SubnetConfig other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Resolution);
        hash.Add(Exit);
        foreach (var list in new[] { _kernels, _expands, _depths, _branches })
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
