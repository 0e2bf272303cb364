using McMaster.Extensions.CommandLineUtils;
using OfaExp.Cli.Commands;
using OfaExp.Core.Errors;

namespace OfaExp.Cli;

/// <summary>The ofaexp command line: a thin shell over planning, execution, storage and reports.</summary>
public static class App
{
    public static CommandLineApplication Create()
    {
        var app = new CommandLineApplication
        {
            Name = "ofaexp",
            FullName = "OfaExp — reproducible Once-For-All experiments",
            Description = "Declare experiments as YAML under experiments/, then plan, sweep, inspect, tabulate and report them. "
                + "Exit codes: 0 ok, 1 a run failed, 2 bad input, 3 internal error, 130/143 stopped by SIGINT/SIGTERM (sweep again to resume).",
        };
        app.HelpOption("-h|--help", inherited: true);
        app.VersionOption("--version", ToolInfo.Version);
        app.Command("plan", PlanCommand.Configure);
        app.Command("sweep", SweepCommand.Configure);
        app.Command("run", RunCommand.Configure);
        app.Command("status", InspectCommands.ConfigureStatus);
        app.Command("show", InspectCommands.ConfigureShow);
        app.Command("compare", InspectCommands.ConfigureCompare);
        app.Command("tables", TablesCommand.Configure);
        app.Command("figures", FiguresCommand.Configure);
        app.Command("report", ReportCommand.Configure);
        app.Command("gc", GcCommand.Configure);
        app.Command("search", SearchCommand.Configure);
        app.Command("export", ExportCommand.Configure);
        app.Command("import", ImportCommand.Configure);
        app.Command("ingest", IngestCommand.Configure);
        app.Command("bench", BenchCommand.Configure);
        UnknownCommand.Collect(app);
        app.OnExecute(() => UnknownCommand.HelpOrRefuse(app));
        return app;
    }

    /// <summary>Runs a command line; every error the user can fix becomes one paragraph on stderr and an exit code.</summary>
    public static int Run(string[] args, TextWriter error)
    {
        try
        {
            return Create().Execute(args);
        }
        catch (CommandParsingException e)
        {
            error.WriteLine($"error: {e.Message}. See 'ofaexp --help'.");
            return ExitCodes.BadInput;
        }
        catch (OfaExpException e)
        {
            error.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            error.WriteLine(Environment.GetEnvironmentVariable("OFAEXP_DEBUG") == "1"
                ? e.ToString()
                : "This is a bug in ofaexp; set OFAEXP_DEBUG=1 for the stack trace and report it.");
            return ExitCodes.Internal;
        }
    }
}
