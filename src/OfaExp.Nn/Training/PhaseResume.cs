using OfaExp.Core.Errors;
using OfaExp.Core.Execution;
using OfaExp.Core.Runs;
using OfaExp.Core.Spec;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Training;

/// <summary>
/// Loading what a phase starts from: the parent's (or teacher's) final model and the run's own latest checkpoint.
/// Every failure becomes an <see cref="OfaExpException"/> that says which run and what to do.
/// </summary>
public static class PhaseResume
{
    /// <param name="role">"parent" or "teacher", for the message.</param>
    public static void LoadModel(nn.Module net, byte[] model, string runId, string role)
    {
        try
        {
            ModelState.Load(net, model);
        }
        catch (InvalidDataException e)
        {
            throw new OfaExpException(
                $"Run {runId}: the {role} phase's model does not fit this supernet ({e.Message}). The {role} was trained "
                + "with another supernet configuration; re-plan the experiment so that the phases agree.",
                ExitCodes.RunFailed,
                e);
        }
    }

    /// <summary>
    /// Where an attempt starts: after the run's latest checkpoint (model and optimizer restored from it, with that
    /// epoch's metrics) or, with none, at epoch 0 with no metrics and Resumed false.
    /// </summary>
    public static (int StartEpoch, IReadOnlyList<MetricPoint> EpochMetrics, bool Resumed) Start(
        IRunRecorder recorder, nn.Module net, SGD optimizer, Device device, PhaseSpec phase)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        if (recorder.LoadLatestCheckpoint() is not { } saved)
        {
            return (0, [], false);
        }

        var checkpoint = Restore(saved, net, optimizer, device, phase, recorder.RunId);
        return (checkpoint.Epoch + 1, checkpoint.EpochMetrics, true);
    }

    /// <summary>Restores model and optimizer from <paramref name="saved"/>; returns the checkpoint for its epoch and metrics.</summary>
    public static TrainerCheckpoint Restore(RunCheckpoint saved, nn.Module net, SGD optimizer, Device device, PhaseSpec phase, string runId)
    {
        try
        {
            var checkpoint = TrainerCheckpoint.Parse(saved.Bytes);
            if (checkpoint.Epoch != saved.Epoch || checkpoint.Epoch < 0 || checkpoint.Epoch >= phase.TotalEpochs)
            {
                throw new InvalidDataException(
                    $"it claims epoch {checkpoint.Epoch}, stored as epoch {saved.Epoch}, of a {phase.TotalEpochs}-epoch phase");
            }

            ModelState.Load(net, checkpoint.Model);
            SgdState.Load(optimizer, checkpoint.Optimizer, device);
            PhaseOptimizer.RestoreStepped(net, optimizer, checkpoint.Stepped);
            return checkpoint;
        }
        catch (InvalidDataException e)
        {
            throw new OfaExpException(
                $"Run {runId}: its latest checkpoint (epoch {saved.Epoch}) cannot be restored: {e.Message}. Delete this "
                + "run's checkpoints so that it starts again from scratch, then rerun it.",
                ExitCodes.RunFailed,
                e);
        }
    }
}
