using System.Globalization;
using System.Text.RegularExpressions;
using OfaExp.Core.Costs;
using OfaExp.Core.Errors;
using OfaExp.Core.Spec;
using OfaExp.Nn.Layers;
using OfaExp.Nn.Networks;

namespace OfaExp.Nn.Import;

/// <summary>
/// Reads an OFAMobileNetV3's settings from the shapes of its state dict (any spelling <see cref="ReferenceKeyMap"/>
/// accepts) and compares them with the layout of an OfaExp spec.
/// </summary>
internal static partial class CheckpointShapes
{
    /// <summary>Largest width multiplier (x 100) tried when inferring it from the widths.</summary>
    private const int MaxWidthPercent = 400;

    public static CheckpointSettings Infer(string path, IReadOnlyDictionary<string, long[]> shapes)
    {
        // One spelling for lookups: the names of a current reference (and OfaExp) state dict.
        var canonical = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var (key, shape) in shapes)
        {
            var name = key.StartsWith("module.", StringComparison.Ordinal) ? key["module.".Length..] : key;
            canonical[name.Replace(".mobile_inverted_conv.", ".conv.", StringComparison.Ordinal)] = shape;
        }

        long[] Shape(params string[] names) =>
            names.Select(n => canonical.GetValueOrDefault(n)).FirstOrDefault(s => s is not null)
            ?? throw new OfaExpException($"Checkpoint '{path}' is not an OFAMobileNetV3 state dict: it has no '{names[0]}'.", ExitCodes.BadInput);

        var blockIndices = canonical.Keys.Select(k => BlockIndex().Match(k)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToHashSet();
        var elastic = blockIndices.Count == 0 ? 0 : blockIndices.Max();
        if (elastic == 0 || elastic % 5 != 0 || blockIndices.Count != elastic + 1)
        {
            throw new OfaExpException(
                $"Checkpoint '{path}' is not an OFAMobileNetV3 state dict: it has blocks [{string.Join(",", blockIndices.Order())}], expected blocks.0 and 5 stages of equally many elastic blocks.",
                ExitCodes.BadInput);
        }

        var depth = elastic / 5;
        var stem = Shape("first_conv.conv.weight");
        var firstBlock = Shape("blocks.0.conv.point_linear.conv.weight", "blocks.0.conv.point_linear.conv.conv.weight");
        long[] Elastic(int block, string part) =>
            Shape($"blocks.{block}.conv.{part}.conv.conv.weight", $"blocks.{block}.conv.{part}.conv.weight");
        var stages = Enumerable.Range(0, 5).Select(s => (int)Elastic(1 + (s * depth), "point_linear")[0]).ToArray();
        var finalExpand = Shape("final_expand_layer.conv.weight");
        var featureMix = Shape("feature_mix_layer.conv.weight", "feature_mix_layer.conv.conv.weight");
        var classifier = Shape("classifier.linear.weight", "classifier.linear.linear.weight");

        var depthwise = Elastic(1, "depth_conv");
        var maxKernel = (int)depthwise[^1];
        var kernels = canonical.Keys
            .Select(k => TransformMatrix().Match(k))
            .Where(m => m.Success && m.Groups[1].Value == "1")
            .Select(m => int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))
            .Append(maxKernel)
            .Distinct()
            .Order()
            .ToArray();

        var expand = InferExpand(path, Enumerable.Range(1, elastic).Select(b => (canonical.GetValueOrDefault($"blocks.{b}.conv.inverted_bottleneck.conv.conv.weight")
            ?? canonical.GetValueOrDefault($"blocks.{b}.conv.inverted_bottleneck.conv.weight"), Elastic(b, "depth_conv")[0])).ToArray());

        var settings = new CheckpointSettings(
            (int)stem[1], (int)classifier[0], (int)stem[0], (int)firstBlock[0], stages, (int)finalExpand[0], (int)featureMix[0], depth, kernels, expand, null);
        return settings with { WidthMult = InferWidth(settings) };
    }

    public static IReadOnlyList<string> Mismatches(CheckpointSettings settings, SupernetSpec spec, DatasetInfo data) =>
        Mismatches(settings, spec, MobileNetV3Layout.For(spec, data));

    public static IReadOnlyList<string> Mismatches(CheckpointSettings settings, SupernetSpec spec, MobileNetV3Layout layout)
    {
        var problems = new List<string>();
        void Check<T>(string what, T expected, T actual)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
            {
                problems.Add($"{what} is {actual} in the checkpoint, {expected} in the spec");
            }
        }

        string List(IEnumerable<int> values) => $"[{string.Join(",", values)}]";
        Check("input channels", layout.InputChannels, settings.InputChannels);
        Check("classes", layout.NumClasses, settings.NumClasses);
        Check("widths (stem, first block, stages, final expand, feature mix)",
            List([layout.StemWidth, layout.FirstBlockWidth, .. layout.StageWidths, layout.FinalExpandWidth, layout.LastChannel]),
            List([settings.StemWidth, settings.FirstBlockWidth, .. settings.StageWidths, settings.FinalExpandWidth, settings.LastChannel]));
        Check("max depth", spec.MaxDepth, settings.MaxDepth);
        Check("kernel sizes", List(spec.KernelSizes.Distinct().Order()), List(settings.KernelSizes));
        Check("max expand ratio", spec.MaxExpand, settings.MaxExpandRatio);
        return problems;
    }

    /// <summary>The expand ratio e with make_divisible(round(in x e)) = middle width in every elastic block.</summary>
    private static int InferExpand(string path, (long[]? Bottleneck, long Middle)[] blocks)
    {
        if (blocks.All(b => b.Bottleneck is null))
        {
            return 1; // OFA builds no inverted_bottleneck when the largest ratio is 1.
        }

        for (var e = 2; e <= 16; e++)
        {
            if (blocks.All(b => b.Bottleneck is { } s && s[0] == b.Middle && MbConvLayer.MiddleChannels((int)s[1], e) == b.Middle))
            {
                return e;
            }
        }

        throw new OfaExpException($"Checkpoint '{path}': the elastic blocks' middle widths fit no single integer expand ratio.", ExitCodes.BadInput);
    }

    private static double? InferWidth(CheckpointSettings settings)
    {
        for (var percent = 1; percent <= MaxWidthPercent; percent++)
        {
            var width = percent / 100.0;
            var spec = new SupernetSpec("ofa_mbv3", width, 2, [2, 2, 2, 1, 2], settings.KernelSizes, [settings.MaxExpandRatio], [settings.MaxDepth], [224], 0, 0.1, 1e-5);
            var layout = MobileNetV3Layout.For(spec, new DatasetInfo("checkpoint", settings.InputChannels, 224, settings.NumClasses, string.Empty));
            if (Mismatches(settings, spec, layout).Count == 0)
            {
                return width;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^blocks\.(\d+)\.")]
    private static partial Regex BlockIndex();

    [GeneratedRegex(@"^blocks\.(\d+)\.conv\.depth_conv\.conv\.(\d+)to(\d+)_matrix$")]
    private static partial Regex TransformMatrix();
}
