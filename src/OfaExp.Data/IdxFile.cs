namespace OfaExp.Data;

/// <summary>The decoded content of an unsigned-byte IDX file: its dimensions (outermost first) and raw values.</summary>
public sealed class IdxFile
{
    private readonly byte[] _data;

    public IdxFile(IReadOnlyList<int> dimensions, byte[] data)
    {
        Dimensions = dimensions;
        _data = data;
    }

    public IReadOnlyList<int> Dimensions { get; }

    public ReadOnlySpan<byte> Data => _data;

    /// <summary>The backing array, handed over without a copy to the loader that owns this file.</summary>
    internal byte[] DetachData() => _data;
}
