using System.Security.Cryptography;
using System.Text;

namespace OfaExp.Core.Hashing;

/// <summary>
/// A run's id: SHA-256 of the canonical JSON of exactly what determines its result. Change <see cref="EngineVersion"/>
/// whenever the engine computes something differently for the same inputs, so old results are not reused.
/// </summary>
public static class RunIdentity
{
    public const string EngineVersion = "ofaexp-engine-1";

    public static (string Id, string Json) Compute(
        string phase,
        IReadOnlyDictionary<string, object> inputs,
        string? parentId,
        string datasetFingerprint,
        string deviceKind)
    {
        var json = CanonicalJson.Write(new Dictionary<string, object?>
        {
            ["dataset"] = datasetFingerprint,
            ["device"] = deviceKind,
            ["engine"] = EngineVersion,
            ["inputs"] = inputs.ToDictionary(kv => kv.Key, kv => (object?)kv.Value),
            ["parent"] = parentId,
            ["phase"] = phase,
        });
        return (Sha256Hex(json), json);
    }

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string Short(string id) => id.Length > 12 ? id[..12] : id;
}
