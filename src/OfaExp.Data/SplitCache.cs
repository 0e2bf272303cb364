using System.Globalization;
using OfaExp.Core.Errors;

namespace OfaExp.Data;

/// <summary>
/// In-memory splits kept for the life of the process, so that the runs a sweep trains one after another in one
/// process, and every evaluator within a run, read and split a data set once instead of once each. Keyed by
/// <see cref="SplitCacheKey"/>; a value is a group of <see cref="ImageSet"/>s built together (train and validation),
/// immutable and shared as is. Bounded by <see cref="CapacityBytes"/> of image bytes: the least recently used groups
/// are dropped first, and a group larger than the capacity is handed out but not kept. Thread-safe; a load runs under
/// the cache's lock, so two threads asking for the same key load it once.
/// </summary>
public sealed class SplitCache
{
    /// <summary>Overrides the capacity in MiB; 0 turns the cache off.</summary>
    public const string CapacityVariable = "OFAEXP_DATA_CACHE_MB";

    /// <summary>Room for Tiny ImageNet's train and validation splits (about 1.2 GB), with Fashion-MNIST's or CIFAR-10's beside them.</summary>
    public const long DefaultCapacityMiB = 2048;

    private readonly object _gate = new();
    private readonly LinkedList<(SplitCacheKey Key, ImageSet[] Sets, long Bytes)> _entries = new();
    private long _bytes;

    public SplitCache(long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        CapacityBytes = capacityBytes;
    }

    private static readonly Lazy<SplitCache> Process = new(() => new(CapacityFromEnvironment(Environment.GetEnvironmentVariable(CapacityVariable))));

    /// <summary>The process's cache, sized by <see cref="CapacityVariable"/> (default <see cref="DefaultCapacityMiB"/> MiB).</summary>
    /// <exception cref="OfaExpException">The variable is not a whole number of MiB.</exception>
    public static SplitCache Shared => Process.Value;

    public long CapacityBytes { get; }

    /// <summary>Image and label bytes held now.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public int Hits { get; private set; }

    public int Misses { get; private set; }

    /// <summary>The group cached under <paramref name="key"/>, or what <paramref name="load"/> returns, kept when it fits.</summary>
    public ImageSet[] GetOrLoad(SplitCacheKey key, Func<ImageSet[]> load)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(load);
        lock (_gate)
        {
            for (var node = _entries.First; node is not null; node = node.Next)
            {
                if (node.Value.Key == key)
                {
                    _entries.Remove(node);
                    _entries.AddFirst(node);
                    Hits++;
                    return node.Value.Sets;
                }
            }

            Misses++;
            var sets = load();
            var bytes = sets.Sum(s => (long)s.Pixels.Length + s.Labels.Length);
            if (bytes <= CapacityBytes)
            {
                _entries.AddFirst((key, sets, bytes));
                _bytes += bytes;
                while (_bytes > CapacityBytes)
                {
                    _bytes -= _entries.Last!.Value.Bytes;
                    _entries.RemoveLast();
                }
            }

            return sets;
        }
    }

    /// <summary>Drops every group (the sets stay valid for whoever holds them).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _bytes = 0;
        }
    }

    /// <summary>The capacity in bytes that <paramref name="mebibytes"/> (the variable's value) asks for: the default when unset or empty.</summary>
    /// <exception cref="OfaExpException">Not a whole number of MiB.</exception>
    internal static long CapacityFromEnvironment(string? mebibytes)
    {
        if (string.IsNullOrWhiteSpace(mebibytes))
        {
            return DefaultCapacityMiB * 1024 * 1024;
        }

        if (!long.TryParse(mebibytes.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var mib) || mib > long.MaxValue / (1024 * 1024))
        {
            throw new OfaExpException(
                $"{CapacityVariable} is '{mebibytes}'; it must be a whole number of MiB (0 turns the in-process data cache off, "
                + $"unset means {DefaultCapacityMiB}). Fix or unset the environment variable.",
                ExitCodes.BadInput);
        }

        return mib * 1024 * 1024;
    }
}
