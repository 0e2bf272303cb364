using OfaExp.Execution;
using McMaster.Extensions.CommandLineUtils;

namespace OfaExp.Cli.Commands;

/// <summary>Options every command takes: where the artifacts and the run store live.</summary>
public sealed class CommonOptions
{
    private readonly CommandOption _artifacts;
    private readonly CommandOption _db;

    public CommonOptions(CommandLineApplication command)
    {
        _artifacts = command.Option("--artifacts <DIR>", "Artifacts directory (default: artifacts)", CommandOptionType.SingleValue);
        _db = command.Option("--db <FILE>", "Run store (default: <artifacts>/ofaexp.db)", CommandOptionType.SingleValue);
    }

    public Workspace Workspace => Workspace.From(_artifacts.Value(), _db.Value());
}
