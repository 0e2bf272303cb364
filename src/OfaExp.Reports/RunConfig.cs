using System.Text.Json;
using OfaExp.Core.Errors;
using OfaExp.Core.Hashing;
using OfaExp.Core.Runs;

namespace OfaExp.Reports;

/// <summary>
/// A run's parsed identity JSON: the top-level identity fields (phase, parent, dataset, device, engine, ...) and
/// the flat <c>inputs</c> map from dotted config path to value.
/// </summary>
internal sealed class RunConfig
{
    private const string InputsKey = "inputs";

    private RunConfig(IReadOnlyDictionary<string, JsonElement> identity, IReadOnlyDictionary<string, JsonElement> inputs)
    {
        Identity = identity;
        Inputs = inputs;
    }

    /// <summary>Top-level fields other than <c>inputs</c>.</summary>
    public IReadOnlyDictionary<string, JsonElement> Identity { get; }

    public IReadOnlyDictionary<string, JsonElement> Inputs { get; }

    public static RunConfig Parse(RunRecord run)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(run.ConfigJson);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Corrupt(run, $"not valid JSON: {e.Message}", e);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Corrupt(run, "not a JSON object");
        }

        var identity = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var inputs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var sawInputs = false;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name != InputsKey)
            {
                identity[property.Name] = property.Value;
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                throw Corrupt(run, "malformed ('inputs' is not an object)");
            }

            sawInputs = true;
            foreach (var input in property.Value.EnumerateObject())
            {
                inputs[input.Name] = input.Value;
            }
        }

        if (!sawInputs)
        {
            throw Corrupt(run, "missing its 'inputs' object");
        }

        return new RunConfig(identity, inputs);
    }

    // The store wrote this JSON itself, so a bad shape is a bug or a damaged database, not bad user input.
    private static OfaExpException Corrupt(RunRecord run, string problem, Exception? inner = null) =>
        new($"Run {RunIdentity.Short(run.Id)}: its recorded config JSON is {problem}; the run store may be damaged.",
            ExitCodes.Internal, inner);
}
