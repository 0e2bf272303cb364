using OfaExp.Execution.Planning;
using OfaExp.Core.Search;
using System.Diagnostics;
using System.Globalization;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Core.Errors;
using OfaExp.Core.Spec;
using OfaExp.Storage;

namespace OfaExp.Cli.Commands;

/// <summary>`ofaexp bench ...`: speed figures. Benchmarks print numbers; they assert nothing.</summary>
public static class BenchCommand
{
    public static void Configure(CommandLineApplication cmd)
    {
        cmd.Description = "Benchmarks: 'bench store' (metric insert rate), 'bench plan' (planning a large sweep), 'bench train' (supernet training step), 'bench search' (evolutionary search), 'bench data' (image_folder decoding).";
        UnknownCommand.Collect(cmd);
        cmd.OnExecute(() => UnknownCommand.HelpOrRefuse(cmd));

        cmd.Command("store", c =>
        {
            c.Description = "Insert metric rows in batches into a scratch store and print rows/s.";
            var rows = c.Option("--rows <N>", "Rows to insert (default 1000000)", CommandOptionType.SingleValue);
            c.OnExecute(() =>
            {
                var n = Args.WholeNumber(rows, 1000000);
                var dir = Directory.CreateTempSubdirectory("ofaexp-bench-");
                try
                {
                    var rate = StorageBenchmarks.MetricsInsertRate(Path.Combine(dir.FullName, "bench.db"), n);
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"metrics insert: {n} rows, {rate:F0} rows/s"));
                }
                finally
                {
                    dir.Delete(recursive: true);
                }

                return 0;
            });
        });

        cmd.Command("train", ConfigureTrain);

        cmd.Command("data", c =>
        {
            c.Description = "Decode the train images of an image_folder root (--root) or N synthetic 500 x 375 JPEGs (--synthetic) through the "
                + "image_folder pipeline (one training epoch, one evaluation pass) and print images/s.";
            var root = c.Option("--root <DIR>", "An image_folder root (the directory that holds train/<class>/) whose train images to decode", CommandOptionType.SingleValue);
            var synthetic = c.Option("--synthetic <N>", "Synthetic images to generate, in a scratch directory unless --keep (default 512 without --root)", CommandOptionType.SingleValue);
            var keep = c.Option("--keep <DIR>", "With --synthetic: write the images to DIR/train/synthetic/ and keep them (existing ones are reused), so other loaders can read the same files", CommandOptionType.SingleValue);
            var resolution = c.Option("--resolution <R>", "Output resolution (default 224)", CommandOptionType.SingleValue);
            var threads = c.Option("--threads <T>", "Decode threads (default 2)", CommandOptionType.SingleValue);
            var batch = c.Option("--batch <B>", "Batch size (default 64)", CommandOptionType.SingleValue);
            c.OnExecute(() =>
            {
                if (root.HasValue() && (synthetic.HasValue() || keep.HasValue()))
                {
                    throw new OfaExpException("bench data: --root times an existing folder and --synthetic/--keep write one; give one of them.", ExitCodes.BadInput);
                }

                var t = Args.WholeNumber(threads, 2);
                var size = Args.WholeNumber(resolution, 224);
                var b = Args.WholeNumber(batch, 64);
                var n = Args.WholeNumber(synthetic, 512);
                Data.ImageFolder.FolderDataBenchmarkResult r;
                string what;
                if (root.HasValue())
                {
                    r = Data.ImageFolder.FolderDataBenchmark.Run(root.Value()!, size, t, b);
                    what = $"the train images of {Path.GetFullPath(root.Value()!)}";
                }
                else if (keep.HasValue())
                {
                    Data.ImageFolder.FolderDataBenchmark.WriteSynthetic(keep.Value()!, n);
                    r = Data.ImageFolder.FolderDataBenchmark.Run(keep.Value()!, size, t, b);
                    what = $"synthetic {Data.ImageFolder.FolderDataBenchmark.Width}x{Data.ImageFolder.FolderDataBenchmark.Height} JPEGs kept in {Path.GetFullPath(keep.Value()!)}";
                }
                else
                {
                    r = Data.ImageFolder.FolderDataBenchmark.RunSynthetic(n, size, t, b);
                    what = $"synthetic {Data.ImageFolder.FolderDataBenchmark.Width}x{Data.ImageFolder.FolderDataBenchmark.Height} JPEGs";
                }

                var inv = CultureInfo.InvariantCulture;
                Console.Out.WriteLine(string.Create(inv, $"image_folder data: {r.Images} images, {what} ({r.Bytes / r.Images / 1024.0:F0} KiB each), {t} decode threads, resolution {size}:"));
                Console.Out.WriteLine(string.Create(inv, $"  train (random-resized crop, flip)  {r.TrainImagesPerSecond,8:F0} images/s"));
                Console.Out.WriteLine(string.Create(inv, $"  eval (resize, centre crop)         {r.EvalImagesPerSecond,8:F0} images/s"));
                Console.Out.WriteLine(string.Create(inv, $"  peak memory of the process (VmHWM) {r.PeakResidentKb / 1024.0,8:F0} MiB"));
                return 0;
            });
        });

        cmd.Command("search", c =>
        {
            c.Description = "Time OFA's evolutionary search on an OFA-ImageNet-sized space (synthetic predictor and FLOPs table): one target (population 100, 500 generations), then N targets per strategy.";
            var targets = c.Option("--targets <N>", "Targets of the multi-target runs (default 10)", CommandOptionType.SingleValue);
            var n2 = c.Option("--n2 <G>", "Generations per follow-up target of bottom_up and top_down (default 100)", CommandOptionType.SingleValue);
            var threads = c.Option("--threads <N>", "Predictor threads (default 1)", CommandOptionType.SingleValue);
            c.OnExecute(() =>
            {
                var options = new OfaExp.Search.SearchBenchmarkOptions(
                    TargetCount: Args.WholeNumber(targets, 10),
                    FollowUpGenerations: Args.WholeNumber(n2, 100),
                    Threads: Args.WholeNumber(threads, 1));
                var r = OfaExp.Search.SearchBenchmark.Run(options);
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"search, 1 target ({r.SingleTargetTarget:F1} MFLOPs), population 100, 500 generations: {r.SingleTargetSeconds:F3} s warm (best of 3), {r.SingleTargetColdSeconds:F3} s cold; {r.SingleTargetEvaluations} predictor evaluations"));
                var independent = r.Strategies.First(s => s.Strategy == OfaExp.Core.Search.SearchStrategy.Independent);
                foreach (var s in r.Strategies)
                {
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"search, {r.Targets.Count} targets, {SearchStrategyNames.Spelling.Name(s.Strategy)}, N2 {r.FollowUpGenerations}: {s.Seconds:F3} s, {s.Speedup:F2}x vs independent, mean |predicted accuracy difference| {s.MeanAbsAccuracyDifference:F3} points, {s.PredictorEvaluations} predictor evaluations"));
                }

                return 0;
            });
        });

        cmd.Command("plan", c =>
        {
            c.Description = "Generate an experiment with an N-point sweep in a scratch directory and time planning it.";
            var points = c.Option("--points <N>", "Sweep points (default 10000)", CommandOptionType.SingleValue);
            c.OnExecute(() =>
            {
                var n = Args.WholeNumber(points, 10000);
                var dir = Directory.CreateTempSubdirectory("ofaexp-bench-");
                try
                {
                    var experiment = Path.Combine(dir.FullName, "experiments", "big");
                    Directory.CreateDirectory(experiment);
                    File.WriteAllText(Path.Combine(experiment, "experiment.yaml"), BigSweep(n));
                    var clock = Stopwatch.StartNew();
                    var plan = PlanBuilder.Build(experiment, []);
                    var text = Output.PlanPrinter.Text(plan, new Dictionary<string, Core.Runs.RunStatus>());
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"plan: {plan.Points.Count} points, {plan.Runs.Count} runs, {text.Length} chars of output in {clock.Elapsed.TotalMilliseconds:F0} ms (in process, after start-up)"));
                }
                finally
                {
                    dir.Delete(recursive: true);
                }

                return 0;
            });
        });
    }

    private static void ConfigureTrain(CommandLineApplication c)
    {
        c.Description = "Time one training step of the width-1.0 OFA MobileNetV3 supernet (3 x 32 x 32 input, 10 classes, batch 64): "
            + "maximal subnet, a random subnet per step, the minimal subnet, and the maximal subnet extracted as a static network. Prints the median ms/step.";
        var steps = c.Option("--steps <N>", "Measured steps per network (default 8)", CommandOptionType.SingleValue);
        var warmup = c.Option("--warmup <N>", "Unmeasured warm-up steps per network (default 3)", CommandOptionType.SingleValue);
        var threads = c.Option("--threads <N>", "libtorch intra-op threads (default 2)", CommandOptionType.SingleValue);
        var verbose = c.Option("--verbose", "Print every step's times", CommandOptionType.NoValue);
        var exits = c.Option("--exits <KIND>", "supernet.exits of the timed supernet: single (default) or early", CommandOptionType.SingleValue)
            .Accepts(v => v.Values([.. SupernetNames.Exits.All]));
        var blocks = c.Option("--blocks <KIND>", "supernet.blocks: base (default), dense, parallel or dense_parallel", CommandOptionType.SingleValue)
            .Accepts(v => v.Values([.. SupernetNames.Blocks.All]));
        var format = c.Option("--memory-format <FORMAT>", "device.memory_format of the timed steps: channels_last (default: what the CPU presets train in) or contiguous", CommandOptionType.SingleValue)
            .Accepts(v => v.Values([.. MemoryFormatNames.Spelling.All]));
        var contended = c.Option("--contended", "Time it twice: alone, then beside a competing busy process that this command starts and stops (one core taken), and print the slowdown", CommandOptionType.NoValue);
        var folder = c.Option("--image-folder <DIR>", "Instead: random-subnet steps fed from this image_folder root's train images through the decode pipeline, against the same steps fed one decoded batch", CommandOptionType.SingleValue);
        var decodeThreads = c.Option("--decode-threads <T>", "With --image-folder: decode threads (default 1)", CommandOptionType.SingleValue);
        var rounds = c.Option("--rounds <N>", "With --image-folder: alternating rounds of the two (default 3)", CommandOptionType.SingleValue);
        c.OnExecute(() =>
        {
            var n = Args.WholeNumber(steps, 8);
            var t = Args.WholeNumber(threads, 2);
            var w = Args.WholeNumber(warmup, 3, minimum: 0);
            if (folder.HasValue())
            {
                var d = Args.WholeNumber(decodeThreads, 1);
                var f = Nn.Benchmarks.FolderTrainStepBenchmark.Run(folder.Value()!, n, Args.WholeNumber(rounds, 3), t, d);
                var culture = CultureInfo.InvariantCulture;
                Console.Out.WriteLine(string.Create(culture, $"random-subnet train step, OFA MobileNetV3 w1.0, batch 64, 3x32x32, {t} threads, mean of {f.Steps * f.Rounds} steps in {f.Rounds} alternating rounds:"));
                Console.Out.WriteLine(string.Create(culture, $"  fed by the image_folder pipeline ({f.Images} images, {f.DecodeThreads} decode threads) {f.PipelineMs,8:F1} ms/step"));
                Console.Out.WriteLine(string.Create(culture, $"  fed one decoded batch                                  {f.DecodedMs,8:F1} ms/step"));
                Console.Out.WriteLine(string.Create(culture, $"  slowdown from the data                                 {f.Slowdown * 100,8:F1} %"));
                return 0;
            }

            if (t > 1)
            {
                WaitPolicy.Govern();
            }

            var layout = format.Value() is { } m ? MemoryFormatNames.Spelling.Parse(m) : MemoryFormat.ChannelsLast;
            var variant = Nn.Benchmarks.TrainStepBenchmark.Spec with { Exits = exits.Value() is { } e ? SupernetNames.Exits.Parse(e) : SupernetExits.Single, Blocks = blocks.Value() is { } b ? SupernetNames.Blocks.Parse(b) : SupernetBlocks.Base };
            Nn.Benchmarks.TrainStepTimings Measure() => Nn.Benchmarks.TrainStepBenchmark.Run(
                n, w, t, log: verbose.HasValue() ? Console.Out.WriteLine : null, exits: variant.Exits, blocks: variant.Blocks, format: layout);
            var r = Measure();
            var inv = CultureInfo.InvariantCulture;
            Console.Out.WriteLine(string.Create(inv, $"libgomp wait policy: OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)"}, GOMP_SPINCOUNT={Environment.GetEnvironmentVariable("GOMP_SPINCOUNT") ?? "(unset)"}"));
            Console.Out.WriteLine(string.Create(inv, $"train step, OFA MobileNetV3 {variant.Variant} w1.0, batch 64, 3x32x32, {MemoryFormatNames.Spelling.Name(layout)}, {t} threads, median of {r.Steps} steps:"));
            Console.Out.WriteLine(string.Create(inv, $"  max subnet (dynamic)      {r.MaxSubnetMs,8:F1} ms/step"));
            Console.Out.WriteLine(string.Create(inv, $"  random subnet (dynamic)   {r.RandomSubnetMs,8:F1} ms/step"));
            Console.Out.WriteLine(string.Create(inv, $"  min subnet (dynamic)      {r.MinSubnetMs,8:F1} ms/step"));
            Console.Out.WriteLine(string.Create(inv, $"  max subnet (static)       {r.StaticMaxMs,8:F1} ms/step"));
            Console.Out.WriteLine(string.Create(inv, $"  dynamic / static          {r.DynamicOverStatic,8:F3}"));
            Console.Out.WriteLine(string.Create(inv, $"  peak memory (VmHWM)       {r.PeakResidentKb / 1024.0,8:F0} MiB"));
            if (contended.HasValue())
            {
                var busy = BusyProcess.Start();
                Nn.Benchmarks.TrainStepTimings c;
                try
                {
                    c = Measure();
                }
                finally
                {
                    busy.Kill();
                    busy.WaitForExit();
                    busy.Dispose();
                }

                Console.Out.WriteLine("beside one busy process (one core taken), median ms/step and slowdown against alone:");
                Console.Out.WriteLine(string.Create(inv, $"  max subnet (dynamic)      {c.MaxSubnetMs,8:F1} ms/step  x{c.MaxSubnetMs / r.MaxSubnetMs:F2}"));
                Console.Out.WriteLine(string.Create(inv, $"  random subnet (dynamic)   {c.RandomSubnetMs,8:F1} ms/step  x{c.RandomSubnetMs / r.RandomSubnetMs:F2}"));
                Console.Out.WriteLine(string.Create(inv, $"  min subnet (dynamic)      {c.MinSubnetMs,8:F1} ms/step  x{c.MinSubnetMs / r.MinSubnetMs:F2}"));
                Console.Out.WriteLine(string.Create(inv, $"  max subnet (static)       {c.StaticMaxMs,8:F1} ms/step  x{c.StaticMaxMs / r.StaticMaxMs:F2}"));
            }

            Console.Out.WriteLine(SpinText(Nn.Threads.SpinGovernor.Report()));

            return 0;
        });
    }

    /// <summary>What the spin governor did while the steps were timed (the wait policy line says whether the tool set the spin count).</summary>
    private static string SpinText(Nn.Threads.SpinReport report) => report.State switch
    {
        Nn.Threads.SpinGovernorState.Governing => string.Create(CultureInfo.InvariantCulture,
            $"spin governor: threads spinning {report.Spinning.TotalSeconds:F1} s, throttled {report.Throttled.TotalSeconds:F1} s (other processes stopped the spinning {report.Throttles} times)"),
        Nn.Threads.SpinGovernorState.Unavailable => "spin governor: unavailable (libtorch's libgomp or /proc not found): the threads spin ungoverned",
        Nn.Threads.SpinGovernorState.Off => "spin governor: off (one thread, or the user's OMP_WAIT_POLICY/GOMP_SPINCOUNT)",
    };

    /// <summary>The competitor of `bench train --contended`: one process that keeps one core busy, like `yes > /dev/null`.</summary>
    private static class BusyProcess
    {
        public static System.Diagnostics.Process Start() =>
            System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sh", ["-c", "while :; do :; done"]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start the competing process (sh)");
    }

    /// <summary>A sweep of seeds x learning rates with exactly n points (n = 100 * k, or seeds alone).</summary>
    public static string BigSweep(int n)
    {
        var lrs = n % 100 == 0 ? 100 : 1;
        var seeds = n / lrs;
        var lrList = string.Join(", ", Enumerable.Range(1, lrs).Select(i => (i * 0.001).ToString("R", CultureInfo.InvariantCulture)));
        return $"supernet: {{resolutions: [28]}}\nsweep:\n  seed: [{string.Join(", ", Enumerable.Range(0, seeds))}]\n  phases.full.lr: [{lrList}]\n";
    }
}
