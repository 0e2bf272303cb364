namespace OfaExp.Execution;

/// <summary>
/// What `sweep --launcher slurm` asks of the cluster. Null means "the cluster's default". Every task asks for
/// <see cref="CpusPerTask"/> cores (default: the largest device.threads of its wave), so runs keep their thread count.
/// </summary>
/// <param name="BundlesDir">Where the tasks write their run bundles: a directory on a file system every node shares.</param>
/// <param name="ExtraArguments">More sbatch options, passed as given (e.g. --account=X, --qos=Y).</param>
public sealed record SlurmOptions(
    string BundlesDir,
    string? Partition = null,
    string? Time = null,
    int? GpusPerTask = null,
    int? CpusPerTask = null,
    IReadOnlyList<string>? ExtraArguments = null);
