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
    /// epoch's metrics), part-way through an epoch from a mid-epoch checkpoint, or, with none, fresh at epoch 0.
    /// </summary>
    public static PhaseStart Start(IRunRecorder recorder, nn.Module net, SGD optimizer, Device device, PhaseSpec phase, int stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        if (recorder.LoadLatestCheckpoint() is not { } saved)
        {
            return PhaseStart.Fresh;
        }

        var checkpoint = Restore(saved, net, optimizer, device, phase, recorder.RunId, stepsPerEpoch);
        return checkpoint.Partial is { } partial
            ? new PhaseStart(checkpoint.Epoch, partial, [], true)
            : new PhaseStart(checkpoint.Epoch + 1, null, checkpoint.EpochMetrics, true);
    }

    /// <summary>Restores model and optimizer from <paramref name="saved"/>; returns the checkpoint for its epoch and metrics.</summary>
    public static TrainerCheckpoint Restore(RunCheckpoint saved, nn.Module net, SGD optimizer, Device device, PhaseSpec phase, string runId, int stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(saved);
        try
        {
            var checkpoint = TrainerCheckpoint.Parse(saved.Bytes);
            if (checkpoint.Epoch != saved.Epoch || checkpoint.Epoch < 0 || checkpoint.Epoch >= phase.TotalEpochs)
            {
                throw new InvalidDataException(
                    $"it claims epoch {checkpoint.Epoch}, stored as epoch {saved.Epoch}, of a {phase.TotalEpochs}-epoch phase");
            }

            if (saved.MidEpoch != checkpoint.Partial is not null || checkpoint.Partial?.Steps >= stepsPerEpoch)
            {
                throw new InvalidDataException(
                    $"it holds {checkpoint.Partial?.Steps ?? 0} trained steps of an epoch of {stepsPerEpoch}, stored as "
                    + (saved.MidEpoch ? "a mid-epoch checkpoint" : "the end of an epoch"));
            }

            ModelState.Load(net, checkpoint.Model);
            SgdState.Load(optimizer, checkpoint.Optimizer, device);
            PhaseOptimizer.RestoreStepped(net, optimizer, checkpoint.Stepped);
            return checkpoint;
        }
        catch (InvalidDataException e)
        {
            throw new OfaExpException(
                $"Run {runId}: its latest checkpoint ({(saved.MidEpoch ? "part-way through " : "")}epoch {saved.Epoch}) cannot be restored: {e.Message}. Delete this "
                + "run's checkpoints so that it starts again from scratch, then rerun it.",
                ExitCodes.RunFailed,
                e);
        }
    }
}
