using System.Text;

namespace OfaExp.Nn.Tests;

/// <summary>
/// Writes small legacy-format checkpoints byte by byte (pickle protocol 2, as torch.save with
/// _use_new_zipfile_serialization=False), so tests can build well-formed and hostile files without Python.
/// </summary>
internal sealed class LegacyPickle
{
    /// <summary>Magic number, protocol version 1001 and an empty sys info dict, as three pickles.</summary>
    public static readonly byte[] Header =
    [
        0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, (byte)'.',
        0x80, 0x02, (byte)'M', 0xe9, 0x03, (byte)'.',
        0x80, 0x02, (byte)'}', (byte)'.',
    ];

    private readonly List<byte> _bytes = [0x80, 0x02];

    public LegacyPickle Op(char op)
    {
        _bytes.Add((byte)op);
        return this;
    }

    public LegacyPickle Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public LegacyPickle Str(string s)
    {
        var utf8 = Encoding.UTF8.GetBytes(s);
        _bytes.Add((byte)'X');
        _bytes.AddRange(BitConverter.GetBytes(utf8.Length));
        _bytes.AddRange(utf8);
        return this;
    }

    public LegacyPickle Int(byte value) => Raw((byte)'K', value);

    public LegacyPickle Global(string module, string name) => Op('c').Raw(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));

    public byte[] Stop() => [.. _bytes, (byte)'.'];

    /// <summary>
    /// {"w": tensor} over FloatStorage "0" of <paramref name="numel"/> elements: offset 1, size (2, 2), stride (1, 2),
    /// then the key list and the storage's data, <paramref name="values"/> as float32.
    /// </summary>
    public static byte[] StridedFile(long numel, float[] values)
    {
        var obj = new LegacyPickle().Op('}').Str("w").Global("torch._utils", "_rebuild_tensor_v2")
            .Op('(').Op('(').Str("storage").Global("torch", "FloatStorage").Str("0").Str("cpu").Int((byte)numel).Op('N').Op('t').Op('Q')
            .Int(1).Int(2).Int(2).Raw(0x86).Int(1).Int(2).Raw(0x86).Raw(0x89).Global("collections", "OrderedDict").Op(')').Op('R')
            .Op('t').Op('R').Op('s').Stop();
        var keys = new LegacyPickle().Op(']').Op('(').Str("0").Op('e').Stop();
        var data = BitConverter.GetBytes(numel).Concat(values.SelectMany(BitConverter.GetBytes));
        return [.. Header, .. obj, .. keys, .. data];
    }
}
