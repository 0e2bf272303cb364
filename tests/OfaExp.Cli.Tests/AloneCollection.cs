namespace OfaExp.Cli.Tests;

/// <summary>
/// Tests that measure the process (its managed heap) and so must not share it with other tests running at the same
/// time: xUnit runs this collection after the parallel ones, by itself.
/// </summary>
[CollectionDefinition(nameof(AloneCollection), DisableParallelization = true)]
public sealed class AloneCollection;
