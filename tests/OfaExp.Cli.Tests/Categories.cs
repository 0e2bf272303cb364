namespace OfaExp.Cli.Tests;

/// <summary>Trait values of the "Category" trait, for <c>dotnet test --filter</c> (docs/development.md).</summary>
internal static class Categories
{
    /// <summary>Tests of a minute or more (a real Slurm, Chromium, kill trials, the engine guard, the bad-input corpus): <c>--filter "Category!=Slow"</c> is the fast inner loop.</summary>
    public const string Slow = "Slow";

    /// <summary>Tests that compare computed numbers with committed values; tools/test.sh runs them again with other CPU kernels.</summary>
    public const string PinsNumbers = "PinsNumbers";
}
