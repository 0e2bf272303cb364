namespace OfaExp.Core.Execution;

/// <summary>
/// What a trainer's thread spends a run's time on (the parts of <see cref="PhaseTimes"/>); names in <see cref="TimeCategoryNames"/>,
/// meanings in docs/development.md ("Where a run's time goes").
/// </summary>
public enum TimeCategory
{
    /// <summary>Device setup, network construction, loading the parent/teacher weights and a checkpoint to resume from.</summary>
    Setup,

    /// <summary>Reading and splitting the data set (train, validation, test), or finding it in the process's split cache.</summary>
    DataLoad,

    /// <summary>The training thread waiting for its next batch (filled on the prefetch thread, or on the spot when not predicted).</summary>
    BatchWait,

    /// <summary>Optimizer steps: batch to tensors, teacher and student forward, backward, SGD step, the LR update.</summary>
    TrainStep,

    /// <summary>Copying a subnet out of the supernet (get_active_subnet).</summary>
    Extract,

    /// <summary>BN recalibration of extracted subnets, including building the recalibration batches.</summary>
    BnRecalibration,

    /// <summary>Evaluations on the validation split (per epoch and of the subnet grid).</summary>
    Validation,

    /// <summary>Evaluations on the test split (eval.test).</summary>
    Test,

    /// <summary>Serialising and storing checkpoints.</summary>
    Checkpoint,

    /// <summary>Metrics, subnet evaluations and heartbeats written to the store.</summary>
    Recording,
}
