using System.Globalization;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Core.Errors;

namespace OfaExp.Cli.Commands;

/// <summary>
/// `ofaexp import CHECKPOINT`: reads a checkpoint of the OFA reference implementation and prints the supernet settings
/// it fixes with an experiment that imports it. The import itself is a phase (kind <c>import</c>), so the imported
/// supernet is a recorded run, hashed by the checkpoint's content, that search phases start from.
/// </summary>
public static class ImportCommand
{
    public static void Configure(CommandLineApplication cmd)
    {
        cmd.Description = "Describe an OFA reference checkpoint (.pth) and print an experiment that imports it as a supernet run.";
        var path = cmd.Argument("CHECKPOINT", "A state dict of the reference OFAMobileNetV3 (e.g. OFA's released ofa_mbv3_d234_e346_k357_w1.0)");
        cmd.OnExecute(() =>
        {
            var file = Args.Required(path);
            if (!File.Exists(file))
            {
                throw new OfaExpException($"'{file}' does not exist; give the path of an OFA checkpoint (.pth).");
            }

            var s = Nn.Import.OfaCheckpointImporter.Describe(file);
            string List(IEnumerable<int> values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
            var width = s.WidthMult is { } w ? w.ToString("0.##", CultureInfo.InvariantCulture) : "?";
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                {file}: an OFAMobileNetV3 supernet
                  input channels {s.InputChannels}, classes {s.NumClasses}, width multiplier {width}
                  stage widths [{List(s.StageWidths)}], max depth {s.MaxDepth}, kernel sizes [{List(s.KernelSizes)}], max expand ratio {s.MaxExpandRatio}
                A checkpoint does not store strides, resolutions, or which smaller depths and expand ratios were trained; OFA's
                released supernets use the values below. An experiment that imports it and searches it:

                  pipeline: [import, accuracy_dataset, predictor, latency_table, search]
                  import:
                    checkpoint: {Path.GetFullPath(file)}
                  supernet:
                    width_mult: {width}
                    stem_stride: 2
                    stage_strides: [2, 2, 2, 1, 2]
                    kernel_sizes: [{List(s.KernelSizes)}]
                    depths: [{List(s.SuggestedDepths)}]
                    expand_ratios: [{List(s.SuggestedExpandRatios)}]
                  search:
                    efficiency: latency
                    targets: [15ms, 20ms]
                """));
            return ExitCodes.Ok;
        });
    }
}
