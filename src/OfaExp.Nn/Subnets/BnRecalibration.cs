using OfaExp.Nn.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Subnets;

/// <summary>
/// OFA's set_running_statistics: before a subnet is evaluated, its BN running statistics are replaced by the exact
/// average of per-batch statistics over a fixed, seeded set of training images (the caller's batches, already at the
/// subnet's resolution). Each BN normalises with its batch statistics during the pass, as in training; the batch
/// mean and biased variance of every BN input are averaged over all images (batches weighted by size, OFA's
/// AverageMeter) and written into the first C entries of running_mean / running_var, C being the active width.
/// Everything else (the inactive entries, num_batches_tracked, all parameters) ends exactly as it was.
/// </summary>
public static class BnRecalibration
{
    /// <returns>How many BN layers were recalibrated (those the active subnet reaches).</returns>
    /// <exception cref="ArgumentException">No batch was given.</exception>
    public static int Run(nn.Module<Tensor, Tensor> net, IEnumerable<Tensor> batches)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(batches);
        var targets = Targets(net);
        var saved = targets.Select(t => Snapshot(t.Bn)).ToArray();
        var stats = targets.Select(_ => new Accumulator()).ToArray();
        var removeHooks = new List<Action>();
        var wasTraining = net.training;
        var batchCount = 0;
        try
        {
            for (var i = 0; i < targets.Length; i++)
            {
                var accumulator = stats[i];
                var handle = targets[i].Module.register_forward_pre_hook((_, x) =>
                {
                    accumulator.Add(x);
                    return x;
                });
                removeHooks.Add(() => handle.remove());
            }

            net.eval();
            foreach (var (module, _) in targets)
            {
                module.train();
            }

            using var noGrad = no_grad();
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                net.forward(batch);
                batchCount++;
            }
        }
        finally
        {
            foreach (var remove in removeHooks)
            {
                remove();
            }

            net.train(wasTraining);
            using (no_grad())
            {
                for (var i = 0; i < targets.Length; i++)
                {
                    Restore(targets[i].Bn, saved[i]);
                }
            }
        }

        if (batchCount == 0)
        {
            throw new ArgumentException("BN recalibration needs at least one batch.", nameof(batches));
        }

        var recalibrated = 0;
        using (no_grad())
        {
            for (var i = 0; i < targets.Length; i++)
            {
                recalibrated += stats[i].WriteInto(targets[i].Bn) ? 1 : 0;
                stats[i].Dispose();
            }
        }

        foreach (var s in saved)
        {
            s.Mean.Dispose();
            s.Var.Dispose();
            s.Count?.Dispose();
        }

        return recalibrated;
    }

    /// <summary>
    /// The modules whose inputs are BN inputs: every <see cref="DynamicBatchNorm2d"/> (its input has the active width)
    /// and every other BatchNorm2d; the BatchNorm2d inside a dynamic one is reached through its wrapper only.
    /// </summary>
    private static (nn.Module<Tensor, Tensor> Module, BatchNorm2d Bn)[] Targets(nn.Module net)
    {
        var modules = net.modules().ToList();
        var wrapped = modules.OfType<DynamicBatchNorm2d>().Select(d => d.bn).ToHashSet(ReferenceEqualityComparer.Instance);
        var targets = new List<(nn.Module<Tensor, Tensor>, BatchNorm2d)>();
        foreach (var module in modules)
        {
            if (module is DynamicBatchNorm2d dynamic)
            {
                targets.Add((dynamic, dynamic.bn));
            }
            else if (module is BatchNorm2d bn && !wrapped.Contains(bn))
            {
                targets.Add((bn, bn));
            }
        }

        return [.. targets];
    }

    private static (Tensor Mean, Tensor Var, Tensor? Count) Snapshot(BatchNorm2d bn) =>
        (bn.running_mean!.detach().clone(), bn.running_var!.detach().clone(), bn.num_batches_tracked?.detach().clone());

    private static void Restore(BatchNorm2d bn, (Tensor Mean, Tensor Var, Tensor? Count) saved)
    {
        bn.running_mean!.copy_(saved.Mean);
        bn.running_var!.copy_(saved.Var);
        if (saved.Count is not null)
        {
            bn.num_batches_tracked!.copy_(saved.Count);
        }
    }

    /// <summary>Size-weighted sums of per-batch means and biased variances of one BN's input, in float64.</summary>
    private sealed class Accumulator : IDisposable
    {
        private Tensor? _meanSum;
        private Tensor? _varSum;
        private long _count;

        public void Add(Tensor x)
        {
            using var scope = NewDisposeScope();
            var n = x.shape[0];
            var mean = x.mean([0, 2, 3], keepdim: true);
            var variance = (x - mean).square().mean([0, 2, 3]);
            var weightedMean = mean.flatten().to(ScalarType.Float64) * n;
            var weightedVar = variance.to(ScalarType.Float64) * n;
            if (_meanSum is null || _varSum is null)
            {
                _meanSum = weightedMean.DetachFromDisposeScope();
                _varSum = weightedVar.DetachFromDisposeScope();
            }
            else if (_meanSum.shape[0] != weightedMean.shape[0])
            {
                throw new InvalidOperationException("A BN layer saw inputs of different widths during one recalibration.");
            }
            else
            {
                _meanSum.add_(weightedMean);
                _varSum.add_(weightedVar);
            }

            _count += n;
        }

        /// <returns>False when the layer saw no input (outside the active subnet): it keeps its statistics.</returns>
        public bool WriteInto(BatchNorm2d bn)
        {
            if (_meanSum is null || _varSum is null)
            {
                return false;
            }

            var width = _meanSum.shape[0];
            using var mean = _meanSum / _count;
            using var variance = _varSum / _count;
            using var meanTarget = bn.running_mean!.narrow(0, 0, width);
            using var varTarget = bn.running_var!.narrow(0, 0, width);
            meanTarget.copy_(mean);
            varTarget.copy_(variance);
            return true;
        }

        public void Dispose()
        {
            _meanSum?.Dispose();
            _varSum?.Dispose();
        }
    }
}
