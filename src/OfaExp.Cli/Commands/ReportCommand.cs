using System.Globalization;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Cli.Output;

namespace OfaExp.Cli.Commands;

/// <summary>`ofaexp report DIR`: write the static HTML report of the experiments under DIR from the store alone.</summary>
public static class ReportCommand
{
    public static void Configure(CommandLineApplication cmd) => StoreViewCommand.Configure(
        cmd,
        "Write a static HTML report of the experiments under DIR (run graph, tables, figures, run provenance) from recorded runs (trains nothing).",
        (plan, store, workspace) =>
        {
            var (files, written) = ReportRegenerator.Regenerate(plan, store, workspace.ReportDir);
            var pages = files.Count(f => f.Path.EndsWith(".html", StringComparison.Ordinal));
            var figures = files.Count(f => f.Path.EndsWith(".svg", StringComparison.Ordinal));
            var index = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(workspace.ReportDir, "index.html"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"report {index}: {pages} pages, {figures} figures ({written.Written} files written, {written.Unchanged} unchanged, {written.Removed} removed)"));
            FiguresCommand.WarnWithoutFixedFont(figures);
            return 0;
        });
}
