using TorchSharp;
using OfaExp.Data;
using static TorchSharp.torch;

namespace OfaExp.Nn.Training;

/// <summary>Evaluates a network in eval mode (BN running statistics, no dropout) over unaugmented batches.</summary>
public static class Evaluator
{
    /// <remarks>Leaves the network in eval mode; callers that continue training switch it back.</remarks>
    public static EvalResult Evaluate(nn.Module<Tensor, Tensor> net, IEvalBatchSource batches, TorchTarget target, int resolution)
    {
        net.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        long top1 = 0, top5 = 0;
        for (var i = 0; i < batches.BatchCount; i++)
        {
            using var scope = NewDisposeScope();
            var (images, labels) = BatchTensors.ToDevice(batches.Get(i, resolution), target, resolution);
            var logits = net.forward(images);
            lossSum += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).ToDouble();
            var k = (int)Math.Min(5, logits.shape[1]);
            var (_, topk) = logits.topk(k, dim: 1);
            var hits = topk.eq(labels.unsqueeze(1));
            top1 += hits.narrow(1, 0, 1).sum().item<long>();
            top5 += hits.sum().item<long>();
        }

        var n = (double)batches.Count;
        return new EvalResult(lossSum / n, 100.0 * top1 / n, 100.0 * top5 / n);
    }
}
