using System.Runtime.CompilerServices;

namespace OfaExp.Search;

/// <summary>Value equality over gene arrays, for the prediction cache.</summary>
internal sealed class GenesComparer : IEqualityComparer<byte[]>
{
    public static GenesComparer Instance { get; } = new();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int GetHashCode(byte[] obj)
    {
        var h = 0x9E3779B97F4A7C15UL ^ (ulong)obj.Length;
        var i = 0;
        for (; i + 8 <= obj.Length; i += 8)
        {
            h = OfaExp.Core.Seeding.SplitMix64.Mix(h ^ BitConverter.ToUInt64(obj, i));
        }

        for (; i < obj.Length; i++)
        {
            h = (h * 0x100000001B3UL) ^ obj[i];
        }

        return (int)OfaExp.Core.Seeding.SplitMix64.Mix(h);
    }
}
