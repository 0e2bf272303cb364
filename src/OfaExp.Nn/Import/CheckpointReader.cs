using System.Collections;
using OfaExp.Core.Errors;
using OfaExp.Nn.Import.Legacy;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace OfaExp.Nn.Import;

/// <summary>
/// Reads the tensors of a PyTorch checkpoint written by torch.save: the zip format of PyTorch >= 1.6 with
/// TorchSharp.PyBridge's unpickler, the legacy format (OFA's released supernets) with
/// <see cref="LegacyCheckpointReader"/>; told apart by the first bytes. Either a state dict itself or a dict holding one under "state_dict" (OFA's
/// released files, training checkpoints). Every failure becomes an <see cref="OfaExpException"/> naming the file.
/// </summary>
internal static class CheckpointReader
{
    /// <summary>Keys under which training scripts wrap the state dict, tried in order.</summary>
    private static readonly string[] WrapperKeys = ["state_dict", "model", "net"];

    /// <returns>Key -> CPU tensor, sorted by key (the pickle's dict order is not kept by the unpickler).</returns>
    public static SortedDictionary<string, Tensor> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new OfaExpException($"Checkpoint '{path}' does not exist.", ExitCodes.BadInput);
        }

        var (root, asTensor) = Unpickle(path);
        var dict = Unwrap(root as IDictionary, path);
        var result = new SortedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in dict)
        {
            if (entry.Key is not string key)
            {
                throw new OfaExpException($"Checkpoint '{path}' has a non-string key '{entry.Key}' in its state dict.", ExitCodes.BadInput);
            }

            if (asTensor(entry.Value) is not { } tensor)
            {
                throw new OfaExpException(
                    $"Checkpoint '{path}': state dict entry '{key}' is a {entry.Value?.GetType().Name ?? "null"}, not a tensor.", ExitCodes.BadInput);
            }

            result[key] = tensor;
        }

        if (result.Count == 0)
        {
            throw new OfaExpException($"Checkpoint '{path}' holds an empty state dict.", ExitCodes.BadInput);
        }

        return result;
    }

    /// <summary>The unpickled root and how a value of it becomes a tensor (legacy tensors are made on demand).</summary>
    private static (object? Root, Func<object?, Tensor?> AsTensor) Unpickle(string path)
    {
        Span<byte> head = stackalloc byte[4];
        try
        {
            using var stream = File.OpenRead(path);
            head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
            stream.Position = 0;
            if (head.SequenceEqual("PK\x03\x04"u8))
            {
                return (PyTorchUnpickler.UnpickleStateDict(stream), value => value as Tensor);
            }

            if (LegacyCheckpointReader.LooksLegacy(head))
            {
                var legacy = LegacyCheckpointReader.Read(stream);
                return (legacy.Root, value => value is LegacyTensorRef t ? Materialize(legacy, t, path) : null);
            }
        }
        catch (PickleFormatException e) when (e.Refused)
        {
            throw new OfaExpException(
                $"Checkpoint '{path}' was refused: {e.Message}. Only the data torch.save writes for tensors is read and nothing in the file "
                + "is run; if it should be a plain state dict, load it in Python from a trusted source and save its state_dict() again.",
                ExitCodes.BadInput,
                e);
        }
        catch (Exception e) when (e is not OfaExpException)
        {
            // Truncated files, other file types, pickles of other objects: PyBridge throws several exception types.
            throw new OfaExpException(
                $"'{path}' is not a readable PyTorch checkpoint (torch.save's zip or legacy format of a state dict): {e.GetType().Name}: {e.Message}",
                ExitCodes.BadInput,
                e);
        }

        throw new OfaExpException(
            $"'{path}' is not a PyTorch checkpoint: it starts neither as torch.save's zip format (\"PK\") nor as its legacy format (a pickle); give a .pth written by torch.save.",
            ExitCodes.BadInput);
    }

    private static Tensor Materialize(LegacyCheckpoint legacy, LegacyTensorRef tensor, string path)
    {
        try
        {
            return legacy.Materialize(tensor);
        }
        catch (Exception e) when (e is not OfaExpException)
        {
            // Ours name the tensor; libtorch's own refusal of a view is the last line, and still bad input.
            throw new OfaExpException($"'{path}' is not a readable PyTorch checkpoint (legacy format): {e.Message}.", ExitCodes.BadInput, e);
        }
    }

    private static IDictionary Unwrap(IDictionary? root, string path)
    {
        if (root is null)
        {
            throw new OfaExpException($"'{path}' does not hold a dict (a state dict or {{\"state_dict\": ...}}).", ExitCodes.BadInput);
        }

        foreach (var wrapper in WrapperKeys)
        {
            if (root.Contains(wrapper) && root[wrapper] is IDictionary inner)
            {
                return inner;
            }
        }

        return root;
    }
}
