using McMaster.Extensions.CommandLineUtils;
using OfaExp.Cli.Output;

namespace OfaExp.Cli.Commands;

/// <summary>`ofaexp figures DIR`: redraw the declared figures from the store alone (no training).</summary>
public static class FiguresCommand
{
    public static void Configure(CommandLineApplication cmd)
    {
        cmd.Description = "Redraw the figures (SVG and PNG) of the experiments under DIR from recorded runs (trains nothing).";
        var dir = cmd.Argument("DIR", "Experiment directory");
        var overrides = cmd.Argument("OVERRIDES", "key.path=value settings applied on top of the files", multipleValues: true);
        var common = new CommonOptions(cmd);
        cmd.OnExecute(() =>
        {
            var workspace = common.Workspace;
            using var store = workspace.OpenExistingStore();
            var plan = PlanBuilder.BuildFromStore(Args.Required(dir), overrides.Values, store);
            var figures = FigureRegenerator.Regenerate(plan, store, workspace.FiguresDir);
            foreach (var (path, changed) in figures)
            {
                Console.Out.WriteLine(Line(path, changed));
            }

            WarnWithoutFixedFont(figures.Count);

            return 0;
        });
    }

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
