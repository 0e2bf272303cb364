using System.Globalization;
using OfaExp.Core.Errors;
using OfaExp.Core.Spec;
using OfaExp.Nn.Networks;
using static TorchSharp.torch;

namespace OfaExp.Nn.Import;

/// <summary>
/// Imports OFA's released checkpoints: a torch.save'd state dict of the reference OFAMobileNetV3
/// (mit-han-lab/once-for-all, ofa/imagenet_classification/elastic_nn/networks/ofa_mbv3.py), bare or wrapped as
/// {"state_dict": ...}, into an <see cref="OfaMobileNetV3"/>. Keys are mapped by <see cref="ReferenceKeyMap"/>; every
/// OFA tensor of the supernet must be in the file with the same shape and every file entry must have a target, else
/// nothing is copied and an <see cref="OfaExpException"/> (exit code <see cref="ExitCodes.BadInput"/>) names the file
/// and the first offending key. Strides and resolutions are not in a checkpoint: the supernet's spec must match the
/// reference's (stem stride 2, stage strides [2,2,2,1,2] for OFA's ImageNet models) for the logits to be OFA's.
/// </summary>
public static class OfaCheckpointImporter
{
    /// <summary>Copies the checkpoint's tensors into <paramref name="supernet"/> (all or nothing).</summary>
    /// <exception cref="OfaExpException">Unreadable file, or a key or shape that does not fit the supernet.</exception>
    public static ImportSummary Load(string path, OfaMobileNetV3 supernet)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(supernet);
        var source = CheckpointReader.Read(path);
        try
        {
            return LoadTensors(path, source, supernet);
        }
        finally
        {
            foreach (var tensor in source.Values)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>
    /// The supernet settings the checkpoint's shapes fix (see <see cref="CheckpointSettings"/>), once every key and
    /// shape of the checkpoint has been checked against a supernet of exactly those settings: settings read from a
    /// few tensors would describe a file whose other tensors are missing, extra or mis-shaped as fine, and only the
    /// import run would find out.
    /// </summary>
    /// <exception cref="OfaExpException">Unreadable file, not the layout of an OFAMobileNetV3, or the first missing,
    /// unexpected or mis-shaped tensor.</exception>
    public static CheckpointSettings Describe(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var source = CheckpointReader.Read(path);
        try
        {
            var settings = CheckpointShapes.Infer(path, source.ToDictionary(kv => kv.Key, kv => kv.Value.shape, StringComparer.Ordinal));
            if (settings.WidthMult is not { } width)
            {
                throw new OfaExpException(
                    $"Checkpoint '{path}' is not an OFAMobileNetV3 of any width multiplier k/100 up to 4: its widths are {settings}.", ExitCodes.BadInput);
            }

            // Only the largest depth and expand ratio shape the tensors; strides and resolutions shape none.
            var spec = new SupernetSpec("ofa_mbv3", width, 2, [2, 2, 2, 1, 2], settings.KernelSizes, [settings.MaxExpandRatio], [settings.MaxDepth], [224], 0, 0.1, 1e-5);
            using var described = new OfaMobileNetV3(spec, new DatasetInfo("checkpoint", settings.InputChannels, 224, settings.NumClasses, string.Empty), 0);
            Plan(path, source, described);
            return settings;
        }
        finally
        {
            foreach (var tensor in source.Values)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>
    /// Checks that a supernet built from <paramref name="spec"/> and <paramref name="data"/> has the checkpoint's
    /// architecture (widths, classes, input channels, max depth, kernel sizes, max expand ratio).
    /// </summary>
    /// <exception cref="OfaExpException">Every mismatch, one per clause, with the settings the checkpoint needs.</exception>
    public static void Validate(CheckpointSettings settings, SupernetSpec spec, DatasetInfo data, string path)
    {
        var problems = CheckpointShapes.Mismatches(settings, spec, data);
        if (problems.Count > 0)
        {
            throw new OfaExpException(
                $"Checkpoint '{path}' does not fit supernet spec (width_mult {spec.WidthMult.ToString(CultureInfo.InvariantCulture)}, dataset {data.Name}): "
                + $"{string.Join("; ", problems)}. The checkpoint has {settings}.",
                ExitCodes.BadInput);
        }
    }

    internal static ImportSummary LoadTensors(string path, SortedDictionary<string, Tensor> source, OfaMobileNetV3 supernet)
    {
        var (plan, summary) = Plan(path, source, supernet);
        using (no_grad())
        {
            foreach (var (from, to) in plan)
            {
                to.copy_(from);
            }
        }

        return summary;
    }

    /// <summary>Which checkpoint tensor goes where; every key and shape checked, nothing copied.</summary>
    private static (List<(Tensor Source, Tensor Target)> Plan, ImportSummary Summary) Plan(string path, SortedDictionary<string, Tensor> source, OfaMobileNetV3 supernet)
    {
        var targets = supernet.state_dict();
        var ofaTargets = targets.Keys.Where(k => !IsVariantOnly(k) && !ReferenceKeyMap.IsIgnored(k)).ToHashSet(StringComparer.Ordinal);
        var plan = new List<(Tensor Source, Tensor Target)>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var ignored = 0;
        var renamed = 0;
        foreach (var (key, tensor) in source)
        {
            if (ReferenceKeyMap.IsIgnored(key))
            {
                ignored++;
                continue;
            }

            var name = ReferenceKeyMap.Map(key, ofaTargets);
            if (name is null)
            {
                problems.Add($"unexpected key '{key}' (no OfaExp parameter or buffer of that name, after the reference's renaming rules)");
                continue;
            }

            if (!covered.Add(name))
            {
                problems.Add($"key '{key}' maps to '{name}', which another key already filled");
                continue;
            }

            renamed += name == key ? 0 : 1;
            var target = targets[name];
            if (!tensor.shape.SequenceEqual(target.shape))
            {
                problems.Add($"key '{key}' has shape [{string.Join(",", tensor.shape)}], OfaExp's '{name}' is [{string.Join(",", target.shape)}]");
                continue;
            }

            plan.Add((tensor, target));
        }

        // Missing keys in the supernet's own order, so "first" means the earliest layer.
        problems.AddRange(targets.Keys.Where(k => ofaTargets.Contains(k) && !covered.Contains(k)).Select(k => $"missing key '{k}'"));
        if (problems.Count > 0)
        {
            var more = problems.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({problems.Count - 1} more problem(s))") : string.Empty;
            throw new OfaExpException(
                $"Checkpoint '{path}' does not fit this OfaMobileNetV3 (spec width_mult "
                + $"{supernet.width_mult.ToString(CultureInfo.InvariantCulture)}): {problems[0]}{more}.{Hint(path, source, supernet)}",
                ExitCodes.BadInput);
        }

        var kept = targets.Keys.Where(IsVariantOnly).ToArray();
        return (plan, new ImportSummary(path, plan.Count, ignored, renamed, kept));
    }

    /// <summary>OFAv2's additions (Sarti et al. 2023): OFA checkpoints have no weights for them.</summary>
    private static bool IsVariantOnly(string name) =>
        name.StartsWith("exits.", StringComparison.Ordinal) || name.StartsWith("parallel_branches.", StringComparison.Ordinal);

    /// <summary>The settings clash behind a key error, when the shapes can be read as an OFAMobileNetV3 at all.</summary>
    private static string Hint(string path, SortedDictionary<string, Tensor> source, OfaMobileNetV3 supernet)
    {
        try
        {
            var settings = CheckpointShapes.Infer(path, source.ToDictionary(kv => kv.Key, kv => kv.Value.shape, StringComparer.Ordinal));
            var problems = CheckpointShapes.Mismatches(settings, supernet.spec, supernet.layout);
            return problems.Count == 0 ? string.Empty : $" Settings differ: {string.Join("; ", problems)}.";
        }
        catch (OfaExpException)
        {
            return string.Empty;
        }
    }
}
