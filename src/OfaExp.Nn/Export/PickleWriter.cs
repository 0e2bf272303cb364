using System.Buffers.Binary;
using System.Text;
using static TorchSharp.torch;

namespace OfaExp.Nn.Export;

/// <summary>
/// Writes the pickle (protocol 2) of a torch.save'd object in torch's zip layout: None, bools, ints, floats, strings,
/// lists, dicts (<see cref="PickleDict"/>) and tensors. A tensor is written as torch writes it, a call of
/// torch._utils._rebuild_tensor_v2 on a persistent storage id ("storage", torch.FloatStorage, key, "cpu", numel),
/// and its bytes are collected in <see cref="Storages"/> for the archive's data/KEY records. Only the opcodes that
/// torch.load (including weights_only loading) accepts are used; no memo, so the bytes depend on the values alone.
/// </summary>
internal sealed class PickleWriter
{
    private readonly MemoryStream _out = new();
    private readonly List<byte[]> _storages = [];

    /// <summary>The raw little-endian bytes of each tensor written, by key (the index).</summary>
    public IReadOnlyList<byte[]> Storages => _storages;

    public byte[] Dump(object? value)
    {
        _out.Write([0x80, 2]); // PROTO 2
        Write(value);
        _out.WriteByte((byte)'.'); // STOP
        return _out.ToArray();
    }

    private void Write(object? value)
    {
        switch (value)
        {
            case null:
                _out.WriteByte((byte)'N');
                break;
            case bool b:
                _out.WriteByte(b ? (byte)0x88 : (byte)0x89); // NEWTRUE / NEWFALSE
                break;
            case int i:
                WriteInt(i);
                break;
            case long l:
                WriteLong(l);
                break;
            case double d:
                Span<byte> bits = stackalloc byte[8];
                BinaryPrimitives.WriteDoubleBigEndian(bits, d);
                _out.WriteByte((byte)'G'); // BINFLOAT
                _out.Write(bits);
                break;
            case string s:
                WriteString(s);
                break;
            case PickleDict dict:
                WriteDict(dict);
                break;
            case Tensor tensor:
                WriteTensor(tensor);
                break;
            case IEnumerable<object?> list:
                _out.WriteByte((byte)']'); // EMPTY_LIST
                var items = list.ToList();
                if (items.Count > 0)
                {
                    _out.WriteByte((byte)'('); // MARK
                    items.ForEach(Write);
                    _out.WriteByte((byte)'e'); // APPENDS
                }

                break;
            default:
                throw new ArgumentException($"Cannot pickle a {value.GetType().Name}.", nameof(value));
        }
    }

    private void WriteInt(int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        _out.WriteByte((byte)'J'); // BININT
        _out.Write(bytes);
    }

    private void WriteLong(long value)
    {
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            WriteInt((int)value);
            return;
        }

        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        _out.Write([0x8a, 8]); // LONG1, 8 bytes two's complement
        _out.Write(bytes);
    }

    private void WriteString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)bytes.Length);
        _out.WriteByte((byte)'X'); // BINUNICODE
        _out.Write(length);
        _out.Write(bytes);
    }

    private void WriteGlobal(string module, string name) => _out.Write(Encoding.ASCII.GetBytes($"c{module}\n{name}\n"));

    private void WriteDict(PickleDict dict)
    {
        if (dict.Ordered)
        {
            WriteGlobal("collections", "OrderedDict");
            _out.Write([(byte)')', (byte)'R']); // EMPTY_TUPLE, REDUCE: OrderedDict()
        }
        else
        {
            _out.WriteByte((byte)'}'); // EMPTY_DICT
        }

        if (dict.Items.Count == 0)
        {
            return;
        }

        _out.WriteByte((byte)'(');
        foreach (var (key, value) in dict.Items)
        {
            WriteString(key);
            Write(value);
        }

        _out.WriteByte((byte)'u'); // SETITEMS
    }

    private void WriteTensor(Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().contiguous();
        var storage = cpu.dtype switch
        {
            ScalarType.Float32 => "FloatStorage",
            ScalarType.Float64 => "DoubleStorage",
            ScalarType.Int64 => "LongStorage",
            _ => throw new ArgumentException($"Cannot pickle a {cpu.dtype} tensor.", nameof(tensor)),
        };
        var key = _storages.Count;
        _storages.Add(cpu.bytes.ToArray());
        var shape = cpu.shape;
        var strides = new long[shape.Length];
        for (long i = shape.Length - 1, stride = 1; i >= 0; stride *= shape[i], i--)
        {
            strides[i] = stride;
        }

        WriteGlobal("torch._utils", "_rebuild_tensor_v2");
        _out.WriteByte((byte)'(');

        // The storage, by persistent id: ("storage", torch.<Type>Storage, key, location, numel).
        _out.WriteByte((byte)'(');
        WriteString("storage");
        WriteGlobal("torch", storage);
        WriteString(key.ToString(System.Globalization.CultureInfo.InvariantCulture));
        WriteString("cpu");
        WriteLong(cpu.NumberOfElements);
        _out.WriteByte((byte)'t'); // TUPLE
        _out.WriteByte((byte)'Q'); // BINPERSID

        WriteInt(0); // storage offset
        WriteTuple(shape);
        WriteTuple(strides);
        Write(false); // requires_grad
        WriteDict(new PickleDict([], Ordered: true)); // backward hooks
        _out.WriteByte((byte)'t');
        _out.WriteByte((byte)'R'); // REDUCE
    }

    private void WriteTuple(long[] values)
    {
        _out.WriteByte((byte)'(');
        foreach (var v in values)
        {
            WriteLong(v);
        }

        _out.WriteByte((byte)'t');
    }
}
