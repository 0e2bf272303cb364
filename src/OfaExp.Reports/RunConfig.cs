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

    public static RunConfig Parse(RunRecord run) => Parse(run.Id, run.ConfigJson);

    /// <summary>The identity JSON of run <paramref name="id"/>, recorded or planned.</summary>
    public static RunConfig Parse(string id, string configJson)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(configJson);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Corrupt(id, $"not valid JSON: {e.Message}", e);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Corrupt(id, "not a JSON object");
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
                throw Corrupt(id, "malformed ('inputs' is not an object)");
            }

            sawInputs = true;
            foreach (var input in property.Value.EnumerateObject())
            {
                inputs[input.Name] = input.Value;
            }
        }

        if (!sawInputs)
        {
            throw Corrupt(id, "missing its 'inputs' object");
        }

        return new RunConfig(identity, inputs);
    }

    // The store wrote this JSON itself, so a bad shape is a bug or a damaged database, not bad user input.
    private static OfaExpException Corrupt(string id, string problem, Exception? inner = null) =>
        new($"Run {RunIdentity.Short(id)}: its recorded config JSON is {problem}; the run store may be damaged.",
            ExitCodes.Internal, inner);
}
