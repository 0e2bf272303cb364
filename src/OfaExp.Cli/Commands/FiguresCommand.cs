using OfaExp.Execution.Outputs;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Cli.Output;

namespace OfaExp.Cli.Commands;

/// <summary>`ofaexp figures DIR`: redraw the declared figures from the store alone (no training).</summary>
public static class FiguresCommand
{
    public static void Configure(CommandLineApplication cmd) => StoreViewCommand.Configure(
        cmd,
        "Redraw the figures (SVG and PNG) of the experiments under DIR from recorded runs (trains nothing).",
        (plan, store, workspace) =>
        {
            var figures = FigureRegenerator.Regenerate(plan, store, workspace.FiguresDir);
            foreach (var (path, changed) in figures)
            {
                Console.Out.WriteLine(Line(path, changed));
            }

            WarnWithoutFixedFont(figures.Count);
            return 0;
        });

    /// <summary>Says on stderr, once, when figures were drawn without the fixed font (shared with sweep).</summary>
    public static void WarnWithoutFixedFont(int figures)
    {
        if (figures > 0 && !Figures.FigureRenderer.FixedFontAvailable)
        {
            Console.Error.WriteLine("warning: the DejaVu Sans font (Debian package fonts-dejavu-core) was not found; the figures use a system font, so their layout may differ from other machines'.");
        }
    }

    /// <summary>The line printed per figure, shared with sweep.</summary>
    public static string Line(string path, bool changed) =>
        $"figure {Path.GetRelativePath(Environment.CurrentDirectory, path)} {(changed ? "written" : "unchanged")}";
}
