using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using OfaExp.Core.Errors;
using OfaExp.Core.Runs;

namespace OfaExp.Storage;

public sealed partial class RunStore
{
    private const int MinPrefixLength = 4;
    private const int MaxListedMatches = 10;

    /// <summary>
    /// Inserts, in one transaction, the runs not stored yet as pending rows created now; stored rows are left
    /// as they are. Only identity fields are taken from the records. Parents must come before their children
    /// (or be stored already).
    /// </summary>
    public void EnsurePlanned(IReadOnlyList<RunRecord> runs)
    {
        foreach (var run in runs)
        {
            if (!Hex.IsSha256(run.Id))
            {
                throw new ArgumentException($"Run id '{run.Id}' is not 64 lower-case hex characters.", nameof(runs));
            }
        }

        Guarded(() =>
        {
            using var transaction = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText =
                "INSERT INTO runs (id, experiment, phase, parent_id, config_json, status, attempts, created_at) " +
                "VALUES ($id, $experiment, $phase, $parent, $config, 'pending', 0, $created) ON CONFLICT (id) DO NOTHING";
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var experiment = insert.Parameters.Add("$experiment", SqliteType.Text);
            var phase = insert.Parameters.Add("$phase", SqliteType.Text);
            var parent = insert.Parameters.Add("$parent", SqliteType.Text);
            var config = insert.Parameters.Add("$config", SqliteType.Text);
            insert.Parameters.Add("$created", SqliteType.Text).Value = Now();
            insert.Prepare();
            foreach (var run in runs)
            {
                id.Value = run.Id;
                experiment.Value = run.Experiment;
                phase.Value = run.Phase;
                parent.Value = (object?)run.ParentId ?? DBNull.Value;
                config.Value = run.ConfigJson;
                try
                {
                    insert.ExecuteNonQuery();
                }
                catch (SqliteException e) when (IsConstraintViolation(e))
                {
                    throw new InvalidOperationException(
                        $"Cannot plan run {run.Id} ({run.Experiment}/{run.Phase}): its parent {run.ParentId} is neither " +
                        $"stored in {Path} nor earlier in the list; pass runs parents first. Nothing was inserted.",
                        e);
                }
            }

            transaction.Commit();
        });
    }

    public RunRecord? Find(string id)
    {
        return Guarded(() =>
        {
            return _connection
                .QuerySingleOrDefault<RunRow>($"SELECT {RunRow.Columns} FROM runs WHERE id = @id", new { id })
                ?.ToRecord();
        });
    }

    /// <summary>Every run, in planning order (parents before children).</summary>
    public IReadOnlyList<RunRecord> All()
    {
        return Guarded(() =>
        {
            return _connection
                .Query<RunRow>($"SELECT {RunRow.Columns} FROM runs ORDER BY seq")
                .Select(r => r.ToRecord())
                .ToList();
        });
    }

    /// <summary>The stored runs among <paramref name="ids"/>, in the order asked (duplicates once); unknown ids are skipped.</summary>
    public IReadOnlyList<RunRecord> Get(IEnumerable<string> ids)
    {
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        var found = Guarded(() =>
        {
            // One JSON parameter instead of an IN list: no limit on the number of ids and one prepared statement.
            return _connection
                .Query<RunRow>(
                    $"SELECT {RunRow.Columns} FROM runs WHERE id IN (SELECT value FROM json_each(@ids))",
                    new { ids = JsonSerializer.Serialize(wanted) })
                .Select(r => r.ToRecord())
                .ToDictionary(r => r.Id, StringComparer.Ordinal);
        });

        return wanted.Where(found.ContainsKey).Select(id => found[id]).ToList();
    }

    /// <summary>Status of each stored run among <paramref name="ids"/>; unknown ids are absent from the result.</summary>
    public IReadOnlyDictionary<string, RunStatus> StatusOf(IEnumerable<string> ids)
    {
        var json = JsonSerializer.Serialize(ids.ToList());
        var result = new Dictionary<string, RunStatus>(StringComparer.Ordinal);
        Guarded(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id, status FROM runs WHERE id IN (SELECT value FROM json_each($ids))";
            command.Parameters.Add("$ids", SqliteType.Text).Value = json;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                result[reader.GetString(0)] = RunStatusText.Parse(reader.GetString(1));
            }
        });

        return result;
    }

    /// <summary>
    /// The full id of the one run whose id starts with <paramref name="prefix"/> (at least 4 hex characters,
    /// case-insensitive), like git's abbreviated hashes.
    /// </summary>
    public string ResolvePrefix(string prefix)
    {
        var trimmed = prefix.Trim();
        var lower = trimmed.ToLowerInvariant();
        if (lower.Length == 0 || lower.Length > Hex.Sha256Length || !Hex.IsLowerHex(lower))
        {
            throw new OfaExpException(
                $"'{prefix}' is not a run id: run ids are hexadecimal (0-9, a-f), up to 64 characters. Give at least " +
                $"{MinPrefixLength} leading characters of an id as 'ofaexp status' or 'ofaexp plan' prints it.");
        }

        if (lower.Length < MinPrefixLength)
        {
            throw new OfaExpException(
                $"Run id prefix '{trimmed}' is too short: give at least {MinPrefixLength} hex characters of the id " +
                "as 'ofaexp status' or 'ofaexp plan' prints it.");
        }

        var matches = Guarded(() =>
        {
            // Ids hold only [0-9a-f] and 'g' sorts after all of them, so [prefix, prefix+'g') is exactly the
            // ids starting with prefix, and the primary-key index answers it.
            return _connection
                .Query<(string Id, string Experiment, string Phase)>(
                    "SELECT id, experiment, phase FROM runs WHERE id >= @low AND id < @high ORDER BY id LIMIT @limit",
                    new { low = lower, high = lower + "g", limit = MaxListedMatches + 1 })
                .ToList();
        });

        if (matches.Count == 1)
        {
            return matches[0].Id;
        }

        if (matches.Count == 0)
        {
            throw new OfaExpException(
                $"No run id starts with '{trimmed}' in {Path}. List the runs with 'ofaexp status' (or 'ofaexp plan DIR' " +
                "for runs not planned yet), and check that --db points at the right database.");
        }

        var listed = string.Join(
            ", ",
            matches.Take(MaxListedMatches).Select(m => $"{m.Id[..12]} ({m.Experiment}, {m.Phase})"));
        var more = matches.Count > MaxListedMatches ? " and more" : "";
        throw new OfaExpException(
            $"Run id prefix '{trimmed}' is ambiguous: it matches {listed}{more}. Give more characters of the id.");
    }
}
