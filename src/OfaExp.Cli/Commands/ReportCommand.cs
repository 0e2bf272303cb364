using OfaExp.Execution.Outputs;
using System.Globalization;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Cli.Output;
using OfaExp.Core.Planning;

namespace OfaExp.Cli.Commands;

/// <summary>`ofaexp report DIR`: write the static HTML report of the experiments under DIR from the store alone.</summary>
public static class ReportCommand
{
    public static void Configure(CommandLineApplication cmd) => StoreViewCommand.Configure(
        cmd,
        "Write a static HTML report of the experiments under DIR (run graph, tables, figures, run provenance) from recorded runs (trains nothing).",
        (directory, plan, store, workspace) =>
        {
            // One site per directory, named as experiments are: a report of experiments/multilat must not delete
            // the quickstart's, which the one shared folder of earlier versions did.
            var site = Path.Combine([workspace.ReportDir, .. ExperimentTree.NameOf(directory).Split('/')]);
            var (files, written) = ReportRegenerator.Regenerate(plan, store, site);
            var pages = files.Count(f => f.Path.EndsWith(".html", StringComparison.Ordinal));
            var figures = files.Count(f => f.Path.EndsWith(".svg", StringComparison.Ordinal));
            var index = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(site, "index.html"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"report {index}: {pages} pages, {figures} figures ({written.Written} files written, {written.Unchanged} unchanged, {written.Removed} removed)"));
            Console.Out.WriteLine($"one report per directory: this is {directory}'s; the reports of other directories under {Path.GetRelativePath(Environment.CurrentDirectory, workspace.ReportDir)} are left as they are");
            FiguresCommand.WarnWithoutFixedFont(figures);
            return 0;
        });
}
