using System.Text.Json;
using OfaExp.Core.Errors;
using OfaExp.Core.Hashing;
using OfaExp.Core.Runs;

namespace OfaExp.Reports;

/// <summary>
/// A run's identity (<see cref="RunIdentityDocument"/>) as reports compare and show it: the top-level identity fields
/// (phase, parent, dataset, device, engine, ...) and the flat inputs map from dotted config path to value.
/// </summary>
internal sealed class RunConfig
{
    private RunConfig(IReadOnlyDictionary<string, JsonElement> identity, IReadOnlyDictionary<string, JsonElement> inputs)
    {
        Identity = identity;
        Inputs = inputs;
    }

    /// <summary>Top-level fields other than the inputs.</summary>
    public IReadOnlyDictionary<string, JsonElement> Identity { get; }

    public IReadOnlyDictionary<string, JsonElement> Inputs { get; }

    public static RunConfig Parse(RunRecord run) => Parse(run.Id, run.ConfigJson);

    /// <summary>The identity JSON of run <paramref name="id"/>, recorded or planned.</summary>
    public static RunConfig Parse(string id, string configJson)
    {
        RunIdentityDocument document;
        try
        {
            document = RunIdentityDocument.Parse(configJson);
        }
        catch (FormatException e)
        {
            throw Corrupt(id, e.Message, e);
        }

        return new RunConfig(Elements(document.Fields), Elements(document.Inputs));
    }

    private static Dictionary<string, JsonElement> Elements(IReadOnlyDictionary<string, string> values) =>
        values.ToDictionary(kv => kv.Key, kv => JsonElement.Parse(kv.Value), StringComparer.Ordinal);

    // The store wrote this JSON itself, so a bad shape is a bug or a damaged database, not bad user input.
    private static OfaExpException Corrupt(string id, string problem, Exception? inner = null) =>
        new($"Run {RunIdentity.Short(id)}: its recorded config JSON is {problem}; the run store may be damaged.",
            ExitCodes.Internal, inner);
}
