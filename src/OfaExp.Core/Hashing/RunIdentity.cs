using System.Security.Cryptography;
using System.Text;

namespace OfaExp.Core.Hashing;

/// <summary>
/// A run's id: SHA-256 of the canonical JSON of exactly what determines its result. Change <see cref="EngineVersion"/>
/// whenever the engine computes something differently for the same inputs, so old results are not reused.
/// The hashed document (<see cref="RunIdentityDocument"/>) holds the phase name, its declared inputs, the parent and
/// (for distilling phases) teacher run ids, the dataset fingerprint, the device kind and the engine version.
/// </summary>
public static class RunIdentity
{
    public const string EngineVersion = "ofaexp-engine-3";

    public static RunIdentityDocument Compute(
        string phase,
        IReadOnlyDictionary<string, object> inputs,
        string? parentId,
        string datasetFingerprint,
        Spec.DeviceKind deviceKind,
        string? teacherId = null)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["dataset"] = datasetFingerprint,
            ["device"] = Spec.DeviceKindNames.Spelling.Name(deviceKind),
            ["engine"] = EngineVersion,
            ["parent"] = parentId,
            ["phase"] = phase,
        };

        // Only distilling runs carry the key, so the ids of runs without a teacher are what they were before
        // teachers existed. The teacher is hashed explicitly even where the parent chain implies it: a future
        // teacher selection may pick a run outside the chain.
        if (teacherId is not null)
        {
            fields["teacher"] = teacherId;
        }

        return RunIdentityDocument.Create(fields, inputs);
    }

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string Short(string id) => id.Length > 12 ? id[..12] : id;
}
