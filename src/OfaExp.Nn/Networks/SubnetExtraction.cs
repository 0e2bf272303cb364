using OfaExp.Core.Spec;
using OfaExp.Nn.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Networks;

/// <summary>
/// Copies the active subnet of an <see cref="OfaMobileNetV3"/> into a static <see cref="MobileNetV3"/>, block by block
/// as OFA's DynamicMBConvLayer.get_active_subnet does: the first middle channels of every expand/depthwise/SE/point
/// tensor, the kernel-transformed depthwise filters, and the BN affine parameters and running statistics. OFAv2
/// parts are static and copied whole: the active parallel branches of every active position and the heads of the
/// exits kept (the active one, or 1..Exit with all exits).
/// </summary>
internal static class SubnetExtraction
{
    public static MobileNetV3 Extract(OfaMobileNetV3 supernet, SupernetSpec spec, DatasetInfo data, bool allExits = false)
    {
        var config = supernet.ActiveSubnet;
        var weight = supernet.first_conv.conv.weight!;
        var net = new Training.TorchTarget(weight.device, weight.dtype).Create(dtype => new MobileNetV3(spec, data, config, initSeed: null, allExits, dtype));
        using (no_grad())
        {
            CopyAll(supernet.first_conv, net.first_conv);
            CopyAll(supernet.first_block, net.blocks[0]);
            var target = 1;
            var position = 0;
            for (var stage = 0; stage < config.Exit; stage++)
            {
                for (var i = 0; i < config.Depths[stage]; i++)
                {
                    var slot = (stage * config.BlocksPerStage) + i;
                    var mask = config.Branches[slot];
                    if ((mask & 1) != 0)
                    {
                        CopyBlock(supernet.elastic_blocks[slot].conv, net.blocks[target++].conv);
                    }

                    if (net.parallel_branches is { } branches)
                    {
                        var source = supernet.parallel_branches![slot];
                        var copy = branches[position];
                        if (copy.conv1x1 is not null)
                        {
                            CopyAll(source.conv1x1!, copy.conv1x1);
                        }

                        if (copy.transformation is not null)
                        {
                            CopyAll(source.transformation!, copy.transformation);
                        }
                    }

                    position++;
                }
            }

            if (config.Exit == config.Stages)
            {
                CopyAll(supernet.final_expand_layer, net.final_expand_layer);
                CopyAll(supernet.feature_mix_layer, net.feature_mix_layer);
                CopyAll(supernet.classifier, net.classifier);
            }
            else
            {
                var head = supernet.exits![config.Exit - 1];
                CopyAll(head.final_expand_layer, net.final_expand_layer);
                CopyAll(head.feature_mix_layer, net.feature_mix_layer);
                CopyAll(head.classifier, net.classifier);
            }

            for (var i = 0; net.exits is not null && i < net.exits.Count; i++)
            {
                CopyAll(supernet.exits![i], net.exits[i]);
            }
        }

        net.train(supernet.training);
        return net;
    }

    private static void CopyBlock(DynamicMbConvLayer source, MbConvLayer target)
    {
        var middle = source.active_middle_channel;
        if (target.mid_channels != middle)
        {
            throw new InvalidOperationException($"Middle width mismatch: static {target.mid_channels}, dynamic {middle}.");
        }

        if (target.inverted_bottleneck is { } expand)
        {
            using var filter = source.inverted_bottleneck_conv!.GetActiveFilter(middle, source.in_channels);
            expand.conv.weight!.copy_(filter);
            CopyBn(source.inverted_bottleneck!.bn.bn, expand.bn!);
        }

        using (var depthwise = source.depth_separable.GetActiveFilter(middle, source.active_kernel_size))
        {
            target.depth_conv.conv.weight!.copy_(depthwise);
        }

        CopyBn(source.depth_conv.bn.bn, target.depth_conv.bn!);
        if (target.depth_conv.se is { } se)
        {
            var dynamicSe = source.depth_conv.se!;
            var mid = se.mid_channel;
            se.reduce.weight!.copy_(dynamicSe.reduce.weight!.narrow(0, 0, mid).narrow(1, 0, middle));
            se.reduce.bias!.copy_(dynamicSe.reduce.bias!.narrow(0, 0, mid));
            se.expand.weight!.copy_(dynamicSe.expand.weight!.narrow(0, 0, middle).narrow(1, 0, mid));
            se.expand.bias!.copy_(dynamicSe.expand.bias!.narrow(0, 0, middle));
        }

        using (var point = source.point_linear_conv.GetActiveFilter(source.out_channels, middle))
        {
            target.point_linear.conv.weight!.copy_(point);
        }

        CopyBn(source.point_linear.bn.bn, target.point_linear.bn!);
    }

    private static void CopyBn(BatchNorm2d source, BatchNorm2d target)
    {
        var n = (int)target.running_mean!.shape[0];
        target.weight!.copy_(source.weight!.narrow(0, 0, n));
        target.bias!.copy_(source.bias!.narrow(0, 0, n));
        target.running_mean!.copy_(source.running_mean!.narrow(0, 0, n));
        target.running_var!.copy_(source.running_var!.narrow(0, 0, n));
        target.num_batches_tracked!.copy_(source.num_batches_tracked!);
    }

    /// <summary>Copies every parameter and buffer between two modules of identical structure.</summary>
    private static void CopyAll(nn.Module source, nn.Module target)
    {
        var from = source.state_dict();
        foreach (var (name, tensor) in target.state_dict())
        {
            tensor.copy_(from[name]);
        }
    }
}
