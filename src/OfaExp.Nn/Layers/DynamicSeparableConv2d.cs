using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Layers;

/// <summary>
/// OFA's DynamicSeparableConv2d (KERNEL_TRANSFORM_MODE = 1): a depthwise conv whose weight is stored only at the
/// largest kernel. A smaller kernel is derived step by step: the centre of the next larger (already derived) filter,
/// flattened per channel, times a learned "{larger}to{smaller}_matrix" (identity at start), e.g. 7 -> 5 -> 3. One
/// matrix per step and layer, named as in the reference. Taps that only ever meet padding on the current input are
/// cut (<see cref="ConvLayer.UnusedBorder"/>); at full width and kernel the stored weight is used without copies.
/// </summary>
public sealed class DynamicSeparableConv2d : ExplicitModule
{
    private readonly int[] _ksSet;
    private readonly string[] _transformNames;

    public DynamicSeparableConv2d(int maxInChannels, IReadOnlyList<int> kernelSizeList, int stride)
        : base(nameof(DynamicSeparableConv2d))
    {
        ArgumentNullException.ThrowIfNull(kernelSizeList);
        _ksSet = [.. kernelSizeList.Distinct().Order()];
        if (_ksSet.Length == 0 || _ksSet.Any(k => k < 1 || k % 2 == 0))
        {
            throw new ArgumentException("Kernel sizes must be odd and positive.", nameof(kernelSizeList));
        }

        max_in_channels = maxInChannels;
        max_kernel_size = _ksSet[^1];
        this.stride = stride;
        active_kernel_size = max_kernel_size;
        conv = nn.Conv2d(maxInChannels, maxInChannels, max_kernel_size, stride: stride, padding: max_kernel_size / 2, groups: maxInChannels, bias: false);
        register_module("conv", conv);
        // Looked up by name when used, never cached: moving the module to another device replaces its parameters.
        _transformNames = new string[_ksSet.Length - 1];
        for (var i = 0; i < _ksSet.Length - 1; i++)
        {
            var small = _ksSet[i];
            _transformNames[i] = $"{_ksSet[i + 1]}to{small}_matrix";
            register_parameter(_transformNames[i], new Parameter(eye(small * small)));
        }
    }

    public int max_in_channels { get; }

    public int max_kernel_size { get; }

    public int stride { get; }

    /// <summary>The kernel sizes this layer can run, ascending.</summary>
    public IReadOnlyList<int> kernel_size_list => _ksSet;

    /// <summary>Kernel of the next forward; the parent layer sets it.</summary>
    public int active_kernel_size { get; set; }

    public Conv2d conv { get; }

    /// <summary>The "{from}to{to}_matrix" parameter (to = from's next smaller kernel).</summary>
    public Parameter TransformMatrix(int from, int to)
    {
        var i = Array.IndexOf(_ksSet, to);
        if (i < 0 || i + 1 >= _ksSet.Length || _ksSet[i + 1] != from)
        {
            throw new ArgumentException($"No {from}to{to} transform in kernels [{string.Join(",", _ksSet)}].", nameof(from));
        }

        return Transform(i);
    }

    /// <summary>
    /// The depthwise filters (inChannel x 1 x k x k) of kernel <paramref name="kernelSize"/> for the first
    /// <paramref name="inChannel"/> channels: OFA's get_active_filter. A new handle the caller disposes (a view of the
    /// stored weight when no transform applies).
    /// </summary>
    public Tensor GetActiveFilter(int inChannel, int kernelSize)
    {
        var k = Array.IndexOf(_ksSet, kernelSize);
        if (k < 0)
        {
            throw new ArgumentException($"Kernel {kernelSize} is not one of [{string.Join(",", _ksSet)}].", nameof(kernelSize));
        }

        var weight = conv.weight!;
        var filter = inChannel == max_in_channels ? weight.alias() : weight.narrow(0, 0, inChannel);
        for (var i = _ksSet.Length - 1; i > k; i--)
        {
            var source = _ksSet[i];
            var target = _ksSet[i - 1];
            var start = (source - target) / 2;
            using var centre = filter.narrow(2, start, target).narrow(3, start, target);
            using var flat = centre.reshape(inChannel, target * target);
            using var mixed = nn.functional.linear(flat, Transform(i - 1));
            filter.Dispose();
            filter = mixed.view(inChannel, 1, target, target);
        }

        return filter;
    }

    private Parameter Transform(int index) =>
        get_parameter(_transformNames[index]) ?? throw new InvalidOperationException($"{_transformNames[index]} is not registered.");

    public override Tensor forward(Tensor x)
    {
        var inChannel = (int)x.shape[1];
        var kernel = active_kernel_size;
        var cut = kernel == 1 ? 0 : ConvLayer.UnusedBorder(kernel, stride, (int)x.shape[2], (int)x.shape[3]);
        if (cut == 0 && inChannel == max_in_channels && kernel == max_kernel_size)
        {
            return conv.forward(x);
        }

        using var filter = GetActiveFilter(inChannel, kernel);
        var k = kernel - (2 * cut);
        using var used = cut == 0 ? filter.alias() : filter.narrow(2, cut, k).narrow(3, cut, k);
        return nn.functional.conv2d(x, used, strides: [stride, stride], padding: [k / 2, k / 2], groups: inChannel);
    }
}
