using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace OfaExp.Nn.Export;

/// <summary>
/// Builds an ONNX graph with OnnxSharp's generated protobuf classes: float32 initializers, nodes whose outputs get
/// fresh names, and float32 inputs and outputs whose first axis is the symbolic "batch". Node and value names are
/// deterministic (a counter, and initializers named after the module's state-dict keys), so the same network
/// always serialises to the same bytes and the store's digest of an export is stable.
/// </summary>
internal sealed class OnnxGraph
{
    /// <summary>ONNX's opset 17 (HardSwish, BatchNormalization-15, ReduceMean with the axes attribute) and the IR version that goes with it.</summary>
    public const int Opset = 17;
    public const long IrVersion = 8;
    public const string BatchAxis = "batch";

    private readonly GraphProto _graph;
    private int _next;

    public OnnxGraph(string name) => _graph = new GraphProto { Name = name };

    /// <summary>A float32 initializer holding <paramref name="value"/> (any float dtype, any device; converted).</summary>
    public string Initializer(string name, Tensor value)
    {
        using var cpu = value.detach().to(ScalarType.Float32, CPU).contiguous();
        return Initializer(name, cpu.data<float>().ToArray(), cpu.shape);
    }

    public string Initializer(string name, float[] values, long[] dims)
    {
        var proto = new TensorProto
        {
            Name = name,
            DataType = (int)TensorProto.Types.DataType.Float,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())),
        };
        proto.Dims.AddRange(dims);
        _graph.Initializer.Add(proto);
        return name;
    }

    /// <summary>Adds a node with one output, named after the op and a counter, and returns that name.</summary>
    public string Node(string op, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var output = $"{op}_{_next++}";
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return output;
    }

    /// <summary>Routes <paramref name="value"/> to a graph output called <paramref name="name"/> through an Identity node.</summary>
    /// <param name="dims">The output's axes after the batch axis: [classes] for logits, [C, H, W] for a feature map.</param>
    public void Output(string name, string value, params long[] dims)
    {
        var node = new NodeProto { OpType = "Identity", Name = name };
        node.Input.Add(value);
        node.Output.Add(name);
        _graph.Node.Add(node);
        _graph.Output.Add(FloatValue(name, dims));
    }

    public void Input(string name, params long[] dims) => _graph.Input.Add(FloatValue(name, dims));

    /// <param name="metadata">Key-value pairs a runtime can read without parsing the graph (ONNX metadata_props), in order.</param>
    public ModelProto Model(string docString, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "ofaexp",
            DocString = docString,
            Graph = _graph,
            OpsetImport = { new OperatorSetIdProto { Domain = "", Version = Opset } },
        };
        model.MetadataProps.AddRange(metadata.Select(p => new StringStringEntryProto { Key = p.Key, Value = p.Value }));
        return model;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A float32 tensor value whose first axis is the dynamic batch and whose other axes are <paramref name="dims"/>.</summary>
    private static ValueInfoProto FloatValue(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchAxis });
        foreach (var d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }
}
