using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace OfaExp.Nn.Import.Legacy;

/// <summary>
/// A restricted unpickler for the protocol-2 opcodes torch.save's legacy format uses. It only builds data: dicts
/// (<see cref="OrderedDictionary{TKey,TValue}"/>, also for collections.OrderedDict), lists, tuples (object arrays),
/// strings, integers (long, or BigInteger beyond it), doubles, bools, null, and tensor descriptions
/// (<see cref="LegacyTensorRef"/>). GLOBAL accepts only the whitelisted names below, and REDUCE calls nothing: it
/// recognises the few whitelisted callables and builds their result as data. Python's pickle would import and call
/// whatever a file names (os.system, builtins.eval), which is how a checkpoint runs code on torch.load; here any
/// other name, and any other opcode, is refused before anything is built from it.
/// </summary>
internal sealed class PickleMachine
{
    private static readonly HashSet<string> Callables = new(StringComparer.Ordinal)
    {
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_tensor",
        "torch._utils._rebuild_parameter",
    };

    private readonly BinaryReader _reader;
    private readonly Func<object?, object> _persistentLoad;
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];

    /// <param name="reader">Positioned at a pickle; left just after its STOP.</param>
    /// <param name="persistentLoad">Resolves a BINPERSID id (the legacy format's storage references).</param>
    public PickleMachine(BinaryReader reader, Func<object?, object> persistentLoad)
    {
        _reader = reader;
        _persistentLoad = persistentLoad;
    }

    /// <summary>Runs one pickle to its STOP.</summary>
    /// <exception cref="PickleFormatException">Malformed or refused pickle.</exception>
    /// <exception cref="EndOfStreamException">The file ends inside the pickle.</exception>
    public object? Load()
    {
        while (true)
        {
            var at = _reader.BaseStream.Position;
            var op = _reader.ReadByte();
            switch (op)
            {
                case 0x80: // PROTO
                    var protocol = _reader.ReadByte();
                    if (protocol > 2)
                    {
                        throw new PickleFormatException($"pickle protocol {protocol} at byte {at}; torch.save's legacy format writes protocol 2");
                    }

                    break;
                case (byte)'.': // STOP
                    var result = Pop();
                    if (_stack.Count != 0 || _marks.Count != 0)
                    {
                        throw new PickleFormatException($"pickle stops at byte {at} with {_stack.Count} value(s) and {_marks.Count} mark(s) left over");
                    }

                    return result;
                case (byte)'}': _stack.Add(new OrderedDictionary<object, object?>()); break;
                case (byte)']': _stack.Add(new List<object?>()); break;
                case (byte)')': _stack.Add(Array.Empty<object?>()); break;
                case (byte)'(': _marks.Push(_stack.Count); break;
                case (byte)'q': _memo[_reader.ReadByte()] = Top(); break; // BINPUT
                case (byte)'r': _memo[_reader.ReadUInt32()] = Top(); break; // LONG_BINPUT
                case (byte)'h': _stack.Add(Memo(_reader.ReadByte(), at)); break; // BINGET
                case (byte)'j': _stack.Add(Memo(_reader.ReadUInt32(), at)); break; // LONG_BINGET
                case (byte)'J': _stack.Add((long)_reader.ReadInt32()); break; // BININT
                case (byte)'K': _stack.Add((long)_reader.ReadByte()); break; // BININT1
                case (byte)'M': _stack.Add((long)_reader.ReadUInt16()); break; // BININT2
                case 0x8a: _stack.Add(Long1()); break; // LONG1
                case (byte)'X': _stack.Add(Text(_reader.ReadUInt32(), at)); break; // BINUNICODE
                case 0x8c: _stack.Add(Text(_reader.ReadByte(), at)); break; // SHORT_BINUNICODE
                case (byte)'T': _stack.Add(Text(Length(_reader.ReadInt32(), at), at)); break; // BINSTRING
                case (byte)'U': _stack.Add(Text(_reader.ReadByte(), at)); break; // SHORT_BINSTRING
                case (byte)'t': _stack.Add(PopMark(at).ToArray()); break; // TUPLE
                case 0x85: _stack.Add(PopTuple(1)); break;
                case 0x86: _stack.Add(PopTuple(2)); break;
                case 0x87: _stack.Add(PopTuple(3)); break;
                case (byte)'s': // SETITEM
                    var value = Pop();
                    var key = Pop();
                    SetItems(at, [key, value]);
                    break;
                case (byte)'u': SetItems(at, PopMark(at)); break; // SETITEMS
                case (byte)'a': Append(at, [Pop()]); break; // APPEND
                case (byte)'e': Append(at, PopMark(at)); break; // APPENDS
                case (byte)'c': _stack.Add(Global(at)); break; // GLOBAL
                case (byte)'R': // REDUCE
                    var args = Pop();
                    _stack.Add(Reduce(Pop(), args, at));
                    break;
                case (byte)'b': Build(at); break; // BUILD
                case (byte)'Q': _stack.Add(_persistentLoad(Pop())); break; // BINPERSID
                case 0x88: _stack.Add(true); break;
                case 0x89: _stack.Add(false); break;
                case (byte)'N': _stack.Add(null); break;
                case (byte)'G': _stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Exactly(8))); break; // BINFLOAT
                default:
                    throw new PickleFormatException(
                        string.Create(CultureInfo.InvariantCulture, $"unknown or unsupported pickle opcode 0x{op:x2} at byte {at}"), refused: true);
            }
        }
    }

    private byte[] Exactly(int count)
    {
        var bytes = _reader.ReadBytes(count);
        return bytes.Length == count ? bytes : throw new EndOfStreamException();
    }

    private object? Top() =>
        _stack.Count > 0 ? _stack[^1] : throw new PickleFormatException("pickle memoises from an empty stack");

    private object? Pop()
    {
        if (_stack.Count == 0 || (_marks.Count > 0 && _marks.Peek() == _stack.Count))
        {
            throw new PickleFormatException("pickle pops from an empty stack");
        }

        var top = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return top;
    }

    private List<object?> PopMark(long at)
    {
        if (_marks.Count == 0)
        {
            throw new PickleFormatException(string.Create(CultureInfo.InvariantCulture, $"pickle opcode at byte {at} needs a MARK and there is none"));
        }

        var mark = _marks.Pop();
        var items = _stack.GetRange(mark, _stack.Count - mark);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private object?[] PopTuple(int n)
    {
        var items = new object?[n];
        for (var i = n - 1; i >= 0; i--)
        {
            items[i] = Pop();
        }

        return items;
    }

    private object? Memo(long index, long at) =>
        _memo.TryGetValue(index, out var value)
            ? value
            : throw new PickleFormatException(string.Create(CultureInfo.InvariantCulture, $"pickle reads memo {index} at byte {at}, which was never written"));

    private object Long1()
    {
        var bytes = Exactly(_reader.ReadByte());
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
    }

    private static uint Length(int length, long at) =>
        length >= 0 ? (uint)length : throw new PickleFormatException(string.Create(CultureInfo.InvariantCulture, $"negative string length at byte {at}"));

    private string Text(uint length, long at)
    {
        // A hostile length must not allocate gigabytes: the string has to fit in what is left of the file.
        if (length > _reader.BaseStream.Length - _reader.BaseStream.Position)
        {
            throw new EndOfStreamException(string.Create(CultureInfo.InvariantCulture, $"string of {length} bytes at byte {at} runs past the end of the file"));
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(Exactly((int)length));
        }
        catch (DecoderFallbackException)
        {
            throw new PickleFormatException(string.Create(CultureInfo.InvariantCulture, $"string at byte {at} is not UTF-8"));
        }
    }

    private PickleGlobal Global(long at)
    {
        var global = new PickleGlobal(Line(), Line());
        if (!Callables.Contains(global.ToString()) && !LegacyStorageTypes.IsStorage(global))
        {
            throw new PickleFormatException(
                string.Create(CultureInfo.InvariantCulture, $"it names the global '{global}' (byte {at}), which a checkpoint of tensors never needs"), refused: true);
        }

        return global;
    }

    private string Line()
    {
        var bytes = new List<byte>();
        for (var b = _reader.ReadByte(); b != (byte)'\n'; b = _reader.ReadByte())
        {
            if (bytes.Count == 256)
            {
                throw new PickleFormatException("GLOBAL name longer than 256 bytes");
            }

            bytes.Add(b);
        }

        return Encoding.ASCII.GetString([.. bytes]);
    }

    private static object Reduce(object? callable, object? args, long at)
    {
        if (callable is not PickleGlobal global || !Callables.Contains(global.ToString()) || args is not object?[] a)
        {
            throw new PickleFormatException(
                string.Create(CultureInfo.InvariantCulture, $"REDUCE at byte {at} calls '{callable}', which is not a whitelisted callable"), refused: true);
        }

        return global.ToString() switch
        {
            "collections.OrderedDict" when a.Length == 0 => new OrderedDictionary<object, object?>(),
            "torch._utils._rebuild_tensor_v2" when a.Length is 6 or 7 => Tensor(a, at),
            "torch._utils._rebuild_tensor" when a.Length == 4 => Tensor(a, at),
            "torch._utils._rebuild_parameter" when a.Length == 3 && a[0] is LegacyTensorRef data => data,
            _ => throw new PickleFormatException(string.Create(CultureInfo.InvariantCulture, $"REDUCE at byte {at}: {global} with {a.Length} argument(s) is not as torch.save writes it")),
        };
    }

    private static LegacyTensorRef Tensor(object?[] a, long at)
    {
        static long[]? Longs(object? value) => value is object?[] items && items.All(i => i is long) ? [.. items.Cast<long>()] : null;
        if (a[0] is LegacyStorageRef storage && a[1] is long offset && Longs(a[2]) is { } size && Longs(a[3]) is { } stride && size.Length == stride.Length)
        {
            return new LegacyTensorRef(storage, offset, size, stride);
        }

        throw new PickleFormatException(string.Create(CultureInfo.InvariantCulture, $"tensor at byte {at} is not (storage, offset, size, stride, ...)"));
    }

    private void SetItems(long at, List<object?> items)
    {
        if (Pop() is not OrderedDictionary<object, object?> dict || items.Count % 2 != 0)
        {
            throw new PickleFormatException(string.Create(CultureInfo.InvariantCulture, $"SETITEM(S) at byte {at} on something other than a dict"));
        }

        for (var i = 0; i < items.Count; i += 2)
        {
            if (items[i] is not (string or long or bool or double))
            {
                throw new PickleFormatException(string.Create(CultureInfo.InvariantCulture, $"dict key of type {items[i]?.GetType().Name ?? "None"} at byte {at}"));
            }

            dict[items[i]!] = items[i + 1];
        }

        _stack.Add(dict);
    }

    private void Append(long at, List<object?> items)
    {
        if (Top() is not List<object?> list)
        {
            throw new PickleFormatException(string.Create(CultureInfo.InvariantCulture, $"APPEND(S) at byte {at} on something other than a list"));
        }

        list.AddRange(items);
    }

    private void Build(long at)
    {
        // torch.save's state dicts carry a _metadata attribute (module versions); an attribute is not data we need.
        var state = Pop();
        if (Top() is not OrderedDictionary<object, object?> || state is not (OrderedDictionary<object, object?> or null))
        {
            throw new PickleFormatException(string.Create(CultureInfo.InvariantCulture, $"BUILD at byte {at} on something other than a dict"));
        }
    }
}
