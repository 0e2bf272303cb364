using System.Globalization;
using static TorchSharp.torch;

namespace OfaExp.Nn.Import.Legacy;

/// <summary>
/// A legacy checkpoint once read: the unpickled object (tensors in it are <see cref="LegacyTensorRef"/>s) and the
/// raw bytes of every storage, by key.
/// </summary>
internal sealed record LegacyCheckpoint(object? Root, IReadOnlyDictionary<string, byte[]> Storages)
{
    /// <summary>
    /// The CPU tensor a <see cref="LegacyTensorRef"/> describes, with its size, stride and offset (a strided view of its
    /// own copy of the storage, as torch.load returns it). Bounds are checked here: libtorch's as_strided would refuse
    /// an out-of-range view too, but not with a message that says which tensor.
    /// </summary>
    /// <exception cref="PickleFormatException">The view reaches outside its storage.</exception>
    public Tensor Materialize(LegacyTensorRef tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var storage = tensor.Storage;
        var size = tensor.Size.ToArray();
        var stride = tensor.Stride.ToArray();
        if (tensor.Offset < 0 || size.Any(s => s < 0) || stride.Any(s => s < 0))
        {
            throw new PickleFormatException($"a tensor of storage '{storage.Key}' has a negative offset, size or stride");
        }

        long last;
        try
        {
            // Checked: a hostile size and stride must not wrap around into a view that looks in bounds.
            last = size.Contains(0) ? -1 : checked(tensor.Offset + size.Zip(stride, (n, s) => checked((n - 1) * s)).Sum());
        }
        catch (OverflowException)
        {
            throw new PickleFormatException($"a tensor of storage '{storage.Key}' has a size and stride beyond any storage");
        }

        if (last >= storage.ViewSize)
        {
            throw new PickleFormatException(string.Create(
                CultureInfo.InvariantCulture, $"a tensor of size [{string.Join(",", size)}] reaches element {last} of storage '{storage.Key}', which has {storage.ViewSize}"));
        }

        var elementSize = LegacyStorageTypes.ElementSize(storage.DType);
        var bytes = Storages[storage.Key].AsSpan(checked((int)(storage.ViewOffset * elementSize)), checked((int)(storage.ViewSize * elementSize)));
        using var flat = empty(storage.ViewSize, storage.DType);
        flat.bytes = bytes;
        return flat.as_strided(size, stride, tensor.Offset);
    }
}
