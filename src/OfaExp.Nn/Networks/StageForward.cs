using OfaExp.Nn.Layers;
using static TorchSharp.torch;

namespace OfaExp.Nn.Networks;

/// <summary>
/// The forward pass of one elastic stage and of one block position, shared by the supernet and the static networks
/// so that extraction cannot change the function: plain chaining (B, P) or OFAv2's dense skips (D, DP), and the sum of
/// a position's active parallel branches.
/// </summary>
public static class StageForward
{
    /// <summary>
    /// Runs <paramref name="depth"/> block positions of a stage on <paramref name="input"/> (disposed here).
    /// <paramref name="block"/>(i, x) computes position i (0-based) and must not dispose x.
    /// With <paramref name="dense"/>, y_d being the output of block d (1-based), the tensor that follows block d is
    /// y_d for d &lt;= 2 and y_d + y_1 + ... + y_{d-2} for d &gt;= 3; it feeds block d + 1 and, at d = depth, is the stage
    /// output. This is the reference's get_input_tensor (OFA_mbv3_extended utils.common_tools): y_{d-1} is not added
    /// (it already reaches y_d through block d and its residual), and the stage input is never added (it has another
    /// width or resolution at the first block). Because the rule is evaluated at the active depth, the dense links
    /// switch with elastic depth. The reference adds in place into y_d, which only differs from this from depth 5 on;
    /// OFA's depths stop at 4.
    /// </summary>
    public static Tensor Run(Tensor input, int depth, Func<int, Tensor, Tensor> block, bool dense)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(block);
        if (!dense)
        {
            var y = input;
            for (var i = 0; i < depth; i++)
            {
                using var x = y;
                y = block(i, x);
            }

            return y;
        }

        var outputs = new List<Tensor>(depth);
        var current = input;
        var currentIsSum = true; // the stage input is ours to dispose, like a sum
        try
        {
            for (var d = 1; d <= depth; d++)
            {
                var yd = block(d - 1, current);
                if (currentIsSum)
                {
                    current.Dispose();
                }

                outputs.Add(yd);
                current = yd;
                currentIsSum = false;
                if (d >= 3)
                {
                    var sum = yd.alias();
                    for (var j = 0; j < d - 2; j++)
                    {
                        using var previous = sum;
                        sum = previous + outputs[j];
                    }

                    current = sum;
                    currentIsSum = true;
                }
            }
        }
        finally
        {
            foreach (var y in outputs)
            {
                if (!ReferenceEquals(y, current))
                {
                    y.Dispose();
                }
            }
        }

        return current;
    }

    /// <summary>
    /// One block position: the sum of its present branches, in the order MBConv (with its residual), static 1x1 conv,
    /// transformation; a position with the MBConv only is exactly OFA's block. Absent (null) branches are off.
    /// <paramref name="x"/> is not disposed.
    /// </summary>
    public static Tensor Block(Tensor x, nn.Module<Tensor, Tensor>? mbConv, ConvLayer? conv1x1, TransformationLayer? transformation)
    {
        ArgumentNullException.ThrowIfNull(x);
        Tensor? sum = null;
        foreach (var branch in new nn.Module<Tensor, Tensor>?[] { mbConv, conv1x1, transformation })
        {
            if (branch is null)
            {
                continue;
            }

            var y = branch.forward(x);
            if (sum is null)
            {
                sum = y;
            }
            else
            {
                // Out of place: the branches end in activations whose backward reads their outputs.
                using var previous = sum;
                using (y)
                {
                    sum = previous + y;
                }
            }
        }

        return sum ?? throw new ArgumentException("A block position needs at least one active branch.", nameof(mbConv));
    }
}
