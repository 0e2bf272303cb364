using OfaExp.Core.Errors;
using OfaExp.Core.Spec;
using OfaExp.Data;
using OfaExp.Storage;

namespace OfaExp.Execution.Planning;

/// <summary>
/// Dataset fingerprints for planning: computed from the installed files when they are there (and remembered, so a
/// sweep can record them in its store), otherwise the fingerprint <paramref name="store"/> recorded for the same
/// data settings when they were swept. So tables, figures and plans of recorded runs work on a machine without the
/// data set, while training still needs it. With neither, the missing-data error stands.
/// </summary>
public sealed class FingerprintSource(RunStore? store)
{
    private readonly Dictionary<string, string> _computed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _missing = new(StringComparer.Ordinal);

    /// <summary>Fingerprints computed from files by this source, by data key.</summary>
    public IReadOnlyDictionary<string, string> Computed => _computed;

    /// <summary>
    /// Whether a data set that is neither installed nor recorded gets a placeholder fingerprint instead of failing:
    /// for a lookup of one run among every experiment, where a preset whose data set is not here cannot hold the run
    /// asked for (its runs get ids no recorded run has). <see cref="IsMissing"/> names such runs; they cannot train.
    /// </summary>
    public bool TolerateMissing { get; init; }

    /// <summary>Whether <paramref name="spec"/>'s fingerprint is a placeholder (see <see cref="TolerateMissing"/>).</summary>
    public bool IsMissing(DataSpec spec) => _missing.Contains(DatasetFingerprint.KeyOf(spec));

    public string Fingerprint(DataSpec spec)
    {
        var key = DatasetFingerprint.KeyOf(spec);
        try
        {
            var fingerprint = DatasetFingerprint.Compute(spec);
            _computed[key] = fingerprint;
            return fingerprint;
        }
        catch (OfaExpException) when (store?.DataFingerprint(key) is { } recorded)
        {
            return recorded;
        }
        catch (OfaExpException) when (TolerateMissing)
        {
            _missing.Add(key);
            return "missing:" + key;
        }
    }
}
