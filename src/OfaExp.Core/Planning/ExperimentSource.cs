namespace OfaExp.Core.Planning;

/// <summary>An experiment directory and the files whose merge is its config, outermost defaults first.</summary>
/// <param name="Name">Path relative to the experiments root, '/'-separated (names tables/ and the store's experiment column).</param>
public sealed record ExperimentSource(string Name, string Directory, IReadOnlyList<string> Files);
