using System.Globalization;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Core.Errors;
using OfaExp.Core.Export;
using OfaExp.Core.Hashing;
using OfaExp.Execution.Export;
using OfaExp.Nn.Export;

namespace OfaExp.Cli.Commands;

/// <summary>`ofaexp export RUN_ID (--subnet ARCH | --target T) --format onnx|pytorch --out FILE`: parses, calls <see cref="ExportUseCase"/>, prints.</summary>
public static class ExportCommand
{
    public static void Configure(CommandLineApplication cmd)
    {
        cmd.Description = "Write the static subnet of a done supernet run as an ONNX model or a reference-PyTorch checkpoint, and record it with the run.";
        var id = cmd.Argument("RUN_ID", "A done supernet run (or, with --target, a search run or its supernet); unique prefix");
        var subnet = cmd.Option("--subnet <ARCH>", "The architecture string, e.g. r28-d2,2,2,2,2-k3,...-e3,... (as evaluations print it)", CommandOptionType.SingleValue);
        var target = cmd.Option("--target <TARGET>", "Export the subnet a done search found for this target, e.g. 3MFLOPs or 15ms", CommandOptionType.SingleValue);
        var resolution = cmd.Option("--resolution <R>", "Input resolution (default: the architecture's); must be one the supernet trained at", CommandOptionType.SingleValue);
        var format = cmd.Option("--format <FORMAT>", "onnx or pytorch (the reference code's static MobileNetV3; OFA's own space only)", CommandOptionType.SingleValue);
        var foldBn = cmd.Option("--fold-bn", "ONNX: fold BN into the convolutions instead of keeping BatchNormalization nodes", CommandOptionType.NoValue);
        var output = cmd.Option("--out <FILE>", "The file to write (its directory must exist; written whole or not at all)", CommandOptionType.SingleValue);
        var experiments = cmd.Option("--experiments <DIR>", "Where the run's experiment is (default: experiments)", CommandOptionType.SingleValue);
        var common = new CommonOptions(cmd);
        cmd.OnExecute(() =>
        {
            var prefix = Args.Required(id);
            var formats = ExportFormatNames.Spelling;
            var formatName = format.Value() ?? throw new OfaExpException($"--format is required: one of {string.Join(", ", formats.All)}.");
            if (!formats.All.Contains(formatName))
            {
                throw new OfaExpException($"--format '{formatName}' is not an export format; choose one of {string.Join(", ", formats.All)}.");
            }

            var parsedFormat = formats.Parse(formatName);
            if (foldBn.HasValue() && parsedFormat != ExportFormat.Onnx)
            {
                throw new OfaExpException("--fold-bn applies to --format onnx only: the pytorch format keeps the reference network's BN layers.");
            }

            var outPath = output.Value() ?? throw new OfaExpException("--out FILE is required: where to write the export.");
            int? size = null;
            if (resolution.Value() is { } text)
            {
                size = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0
                    ? r
                    : throw new OfaExpException($"--resolution '{text}' is not a whole number of pixels; give one the supernet trained at.");
            }

            var request = new ExportRequest(prefix, subnet.Value(), target.Value(), size, parsedFormat, foldBn.HasValue(), outPath, experiments.Value() ?? "experiments");
            var report = ExportUseCase.Export(request, common.Workspace, new TorchSubnetExporter());
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"""
                exported {report.Subnet} ({report.Format}) of run {RunIdentity.Short(report.SupernetRunId)} ({report.Experiment}/{report.Phase})
                  {report.OutPath}: {report.Bytes:N0} bytes, sha256 {report.Sha256}
                  {(report.AlreadyRecorded ? "already recorded with the run" : "recorded with the run as an export artifact")} (store/{Storage.ArtifactStore.RelativePathOf(report.Sha256)})
                """));
            return ExitCodes.Ok;
        });
    }
}
