namespace OfaExp.Execution.UseCases;

/// <summary>
/// What the use cases need from the process that hosts them and cannot know themselves: the trainer bound to a
/// torch build, how to read the model out of one of its checkpoints, and the provenance recorded with every run.
/// The CLI builds one; tests may build their own.
/// </summary>
/// <param name="Train">Trains one run (the CLI's TorchSharp binding).</param>
/// <param name="ModelOfCheckpoint">The model weights inside an epoch checkpoint of that trainer.</param>
/// <param name="ToolVersion">The tool version recorded with each run.</param>
/// <param name="GitCommit">The git commit of an experiments directory, or null outside a repository.</param>
/// <param name="HardwareOf">The hardware class a run of a device kind trains on here.</param>
public sealed record SweepHost(
    PhaseTrainer Train,
    Func<byte[], byte[]> ModelOfCheckpoint,
    string ToolVersion,
    Func<string, string?> GitCommit,
    Func<Core.Spec.DeviceKind, Core.Hardware.HardwareClass> HardwareOf);
