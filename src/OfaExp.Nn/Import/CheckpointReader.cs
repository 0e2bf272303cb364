using System.Collections;
using OfaExp.Core.Errors;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace OfaExp.Nn.Import;

/// <summary>
/// Reads the tensors of a PyTorch checkpoint written by torch.save (the zip format of PyTorch >= 1.6) with
/// TorchSharp.PyBridge's unpickler: either a state dict itself or a dict holding one under "state_dict" (OFA's
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

        object root;
        try
        {
            using var stream = File.OpenRead(path);
            root = PyTorchUnpickler.UnpickleStateDict(stream);
        }
        catch (Exception e) when (e is not OfaExpException)
        {
            // Truncated zips, other file types, pickles of other objects: PyBridge throws several exception types.
            throw new OfaExpException(
                $"'{path}' is not a readable PyTorch checkpoint (a torch.save zip of a state dict): {e.GetType().Name}: {e.Message}",
                ExitCodes.BadInput,
                e);
        }

        var dict = Unwrap(root as IDictionary, path);
        var result = new SortedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in dict)
        {
            if (entry.Key is not string key)
            {
                throw new OfaExpException($"Checkpoint '{path}' has a non-string key '{entry.Key}' in its state dict.", ExitCodes.BadInput);
            }

            if (entry.Value is not Tensor tensor)
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
