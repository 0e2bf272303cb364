using OfaExp.Execution.Planning;
using System.Text;
using OfaExp.Core.Errors;

namespace OfaExp.Cli.Tests;

/// <summary>
/// Hundreds of malformed variants of the committed experiments (truncations, byte flips and structural edits,
/// all from fixed seeds) go through planning in-process. Each must plan (exit 0) or be refused as bad input (exit 2)
/// naming the file; never an exception of another kind, and never more than a bounded amount of allocation.
/// </summary>
public sealed class PlanFuzzTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private const int Documents = 400;
    private const long MaxAllocatedBytes = 300_000_000;

    private static readonly string[] Tokens =
    [
        "[", "]", "{", "}", ":", "- ", "*a", "&a", "!!str", "? ", "|", ">", "'", "\"", "#", "%", "@", "`", ",",
        "-1", "0", "1e999", "NaN", "-.inf", "0x10", "null", "~", "true", "\"\"", "[]", "{}", "[[[[", "\t",
        "phases", "kind", "sweep", "tables", "pipeline", "supernet.depths", "\u00e9\u00e8", "\uFEFF",
    ];

    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();


    [Fact]
    public void Every_malformed_variant_of_the_committed_experiments_plans_or_is_refused_naming_its_file()
    {
        var experiments = Path.Combine(Sandbox.RepoRoot(), "experiments");
        var seeds = Directory.GetFiles(experiments, "experiment.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes)
            .ToArray();
        _box.Write("experiments/defaults.yaml", File.ReadAllText(Path.Combine(experiments, "defaults.yaml")));
        var file = Path.Combine(_box.Root, "experiments", "fuzz", "experiment.yaml");
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);

        for (var i = 0; i < Documents; i++)
        {
            var random = new Random(i);
            var (kind, bytes) = Mutate(seeds[i % seeds.Length], random);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, bytes);

            var before = GC.GetAllocatedBytesForCurrentThread();
            var exit = Plan(Path.GetDirectoryName(file)!, out var message, out var unexpected);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            var context = $"document {i} ({kind} of seed {i % seeds.Length}):\n{Encoding.UTF8.GetString(bytes)}";
            Assert.True(unexpected is null, $"{unexpected}\n{context}");
            Assert.True(exit is ExitCodes.Ok or ExitCodes.BadInput, $"exit {exit}: {message}\n{context}");
            Assert.True(exit == ExitCodes.Ok || message.Contains(file, StringComparison.Ordinal), $"the message does not name {file}: {message}\n{context}");
            Assert.True(allocated < MaxAllocatedBytes, $"planning allocated {allocated:N0} bytes\n{context}");
            outcomes[$"{kind} -> {exit}"] = outcomes.GetValueOrDefault($"{kind} -> {exit}") + 1;
        }

        output.WriteLine(string.Join("\n", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}")));

        // The mutations must reach both outcomes, or the test exercises nothing.
        Assert.Contains(outcomes.Keys, k => k.EndsWith("-> 0", StringComparison.Ordinal));
        Assert.True(outcomes.Where(o => o.Key.EndsWith("-> 2", StringComparison.Ordinal)).Sum(o => o.Value) > Documents / 2, string.Join(", ", outcomes));
    }

    private static int Plan(string directory, out string message, out Exception? unexpected)
    {
        (message, unexpected) = ("", null);
        try
        {
            // cuda: the paper presets' device is not what is under test here; the stand-in fingerprint keeps the
            // test independent of which data sets this machine has.
            PlanBuilder.Build(directory, [], _ => new string('f', 64), torchBackend: Core.Spec.DeviceKind.Cuda);
            return ExitCodes.Ok;
        }
        catch (OfaExpException e)
        {
            message = e.Message;
            return e.ExitCode;
        }
        catch (Exception e)
        {
            unexpected = e;
            return ExitCodes.Internal;
        }
    }

    private static (string Kind, byte[] Bytes) Mutate(byte[] seed, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                return ("truncation", seed[..random.Next(seed.Length)]);
            case 1:
                var flipped = (byte[])seed.Clone();
                for (var n = random.Next(1, 6); n > 0; n--)
                {
                    // Mostly printable ASCII, so that most flipped files get past UTF-8 decoding into the parser.
                    flipped[random.Next(flipped.Length)] = (byte)(random.Next(4) == 0 ? random.Next(256) : random.Next(0x20, 0x7F));
                }

                return ("byte flips", flipped);
            default:
                var lines = Encoding.UTF8.GetString(seed).Split('\n').ToList();
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    StructuralEdit(lines, random);
                }

                return ("structural edits", Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        }
    }

    private static void StructuralEdit(List<string> lines, Random random)
    {
        var at = random.Next(lines.Count);
        var line = lines[at];
        switch (random.Next(8))
        {
            case 0:
                lines.RemoveAt(at);
                break;
            case 1:
                lines.Insert(at, line);
                break;
            case 2:
                var other = random.Next(lines.Count);
                (lines[at], lines[other]) = (lines[other], lines[at]);
                break;
            case 3:
                lines[at] = "  " + line;
                break;
            case 4:
                lines[at] = line.TrimStart();
                break;
            case 5:
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                lines[at] = colon < 0 ? line + ": " + Token(random) : line[..(colon + 1)] + " " + Token(random);
                break;
            case 6:
                lines[at] = line.Insert(random.Next(line.Length + 1), Token(random));
                break;
            default:
                lines.Insert(at, new string(' ', 2 * random.Next(3)) + Token(random) + ": " + Token(random));
                break;
        }
    }

    private static string Token(Random random) => Tokens[random.Next(Tokens.Length)];
}
