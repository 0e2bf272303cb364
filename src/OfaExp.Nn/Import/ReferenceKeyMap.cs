namespace OfaExp.Nn.Import;

/// <summary>
/// Maps a key of a reference OFAMobileNetV3 state dict (mit-han-lab/once-for-all, ofa_mbv3.py) to the name of the
/// same tensor in <see cref="Networks.OfaMobileNetV3"/>'s state dict. OfaExp's module names were chosen to be the
/// reference's (first_conv.conv.weight, blocks.N.conv.inverted_bottleneck.conv.conv.weight,
/// blocks.N.conv.depth_conv.conv.7to5_matrix, blocks.N.conv.depth_conv.se.fc.reduce.bias, point_linear.bn.bn.*,
/// final_expand_layer.*, feature_mix_layer.conv.weight, classifier.linear.*), so a current checkpoint maps one to one.
/// Older released files use other spellings; the rules below are the reference's own OFAMobileNetV3.load_state_dict,
/// applied in its order, plus DataParallel's prefix:
/// <list type="number">
/// <item>a leading "module." (a checkpoint saved from nn.DataParallel) is dropped;</item>
/// <item>".mobile_inverted_conv." becomes ".conv." (ResidualBlock's old attribute name);</item>
/// <item>if the name is not a target, the first matching rewrite applies: ".bn.bn." -> ".bn.",
/// ".conv.conv.weight" -> ".conv.weight", ".linear.linear." -> ".linear.", ".linear." -> ".linear.linear.",
/// "bn." -> "bn.bn.", "conv.weight" -> "conv.conv.weight" (static vs dynamic wrappers of the same tensor).</item>
/// </list>
/// Nothing else is renamed: a key that still names no target is unexpected.
/// </summary>
internal static class ReferenceKeyMap
{
    private static readonly (string From, string To)[] Rewrites =
    [
        (".bn.bn.", ".bn."),
        (".conv.conv.weight", ".conv.weight"),
        (".linear.linear.", ".linear."),
        (".linear.", ".linear.linear."),
        ("bn.", "bn.bn."),
        ("conv.weight", "conv.conv.weight"),
    ];

    /// <returns>The target name, or null when no rule yields a name in <paramref name="targets"/>.</returns>
    public static string? Map(string key, IReadOnlySet<string> targets)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(targets);
        var name = key.StartsWith("module.", StringComparison.Ordinal) ? key["module.".Length..] : key;
        name = name.Replace(".mobile_inverted_conv.", ".conv.", StringComparison.Ordinal);
        if (targets.Contains(name))
        {
            return name;
        }

        // As the reference: only the first rule whose pattern occurs is tried (str.replace replaces every occurrence).
        foreach (var (from, to) in Rewrites)
        {
            if (name.Contains(from, StringComparison.Ordinal))
            {
                var rewritten = name.Replace(from, to, StringComparison.Ordinal);
                return targets.Contains(rewritten) ? rewritten : null;
            }
        }

        return null;
    }

    /// <summary>BN's batch counter: only used by momentum=None BNs, which neither OFA nor OfaExp has; never imported.</summary>
    public static bool IsIgnored(string key) => key.EndsWith("num_batches_tracked", StringComparison.Ordinal);
}
