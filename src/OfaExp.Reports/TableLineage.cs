using System.Text.Json;
using OfaExp.Core.Planning;

namespace OfaExp.Reports;

/// <summary>A sweep point as tables see it: its runs in pipeline order and its resolved settings.</summary>
internal sealed class TableLineage
{
    private readonly IReadOnlyDictionary<string, JsonElement> settings;

    public TableLineage(PlannedPoint point)
    {
        Point = point;
        var map = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(point.SettingsJson))
        {
            using var document = JsonDocument.Parse(point.SettingsJson);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                map[property.Name] = property.Value.Clone();
            }
        }

        settings = map;
    }

    public PlannedPoint Point { get; }

    /// <summary>The config paths this lineage has settings for.</summary>
    public IEnumerable<string> Keys => settings.Keys;

    public string? FinalRunId => Point.RunIds.Count > 0 ? Point.RunIds[^1] : null;

    /// <summary>The cell of a config path in this lineage; empty when the path is not a setting.</summary>
    public string Setting(string key) =>
        settings.TryGetValue(key, out var value) ? JsonValueText.Cell(value) : string.Empty;
}
