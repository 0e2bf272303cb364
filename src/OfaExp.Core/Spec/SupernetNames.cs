namespace OfaExp.Core.Spec;

/// <summary>The YAML spellings of <see cref="SupernetExits"/> (supernet.exits) and <see cref="SupernetBlocks"/> (supernet.blocks).</summary>
public static class SupernetNames
{
    public static Spelling<SupernetExits> Exits { get; } = new(exits => exits switch
    {
        SupernetExits.Single => "single",
        SupernetExits.Early => "early",
    });

    public static Spelling<SupernetBlocks> Blocks { get; } = new(blocks => blocks switch
    {
        SupernetBlocks.Base => "base",
        SupernetBlocks.Dense => "dense",
        SupernetBlocks.Parallel => "parallel",
        SupernetBlocks.DenseParallel => "dense_parallel",
    });
}
