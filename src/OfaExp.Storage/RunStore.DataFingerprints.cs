using Dapper;

namespace OfaExp.Storage;

public sealed partial class RunStore
{
    /// <summary>Records (or updates) the fingerprint computed for each data key, in one transaction.</summary>
    public void RecordDataFingerprints(IReadOnlyDictionary<string, string> fingerprints)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        if (fingerprints.Count == 0)
        {
            return;
        }

        Guarded(() =>
        {
            using var transaction = _connection.BeginTransaction();
            var now = Now();
            foreach (var (key, fingerprint) in fingerprints.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                _connection.Execute(
                    "INSERT INTO data_fingerprints (data_key, fingerprint, recorded_at) VALUES (@key, @fingerprint, @now) " +
                    "ON CONFLICT (data_key) DO UPDATE SET fingerprint = excluded.fingerprint, recorded_at = excluded.recorded_at",
                    new { key, fingerprint, now },
                    transaction);
            }

            transaction.Commit();
        });
    }

    /// <summary>The fingerprint last recorded for <paramref name="dataKey"/>, or null.</summary>
    public string? DataFingerprint(string dataKey) => Guarded(() =>
        _connection.QuerySingleOrDefault<string?>("SELECT fingerprint FROM data_fingerprints WHERE data_key = @dataKey", new { dataKey }));
}
