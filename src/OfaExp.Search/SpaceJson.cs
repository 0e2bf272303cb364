using System.Text.Json;

namespace OfaExp.Search;

/// <summary>The JSON form of a <see cref="CandidateSpace"/>, shared by the cost table and the predictor headers so each file is self-describing.</summary>
internal static class SpaceJson
{
    public static void Write(Utf8JsonWriter w, CandidateSpace space)
    {
        w.WriteStartObject();
        w.WriteNumber("stages", space.Stages);
        w.WriteNumber("blocks_per_stage", space.BlocksPerStage);
        Ints(w, "kernels", space.Kernels);
        Ints(w, "expands", space.Expands);
        Ints(w, "depths", space.Depths);
        Ints(w, "resolutions", space.Resolutions);
        Ints(w, "exits", space.Exits);
        if (space.ParallelBlocks)
        {
            Ints(w, "levels", space.Levels);
        }
        else
        {
            w.WriteNull("levels");
        }

        w.WriteEndObject();
    }

    public static CandidateSpace Read(JsonElement e)
    {
        var levels = e.GetProperty("levels");
        return new CandidateSpace(
            e.GetProperty("stages").GetInt32(),
            e.GetProperty("blocks_per_stage").GetInt32(),
            Ints(e.GetProperty("kernels")),
            Ints(e.GetProperty("expands")),
            Ints(e.GetProperty("depths")),
            Ints(e.GetProperty("resolutions")),
            Ints(e.GetProperty("exits")),
            levels.ValueKind == JsonValueKind.Null ? null : Ints(levels));
    }

    public static byte[] ToBytes(CandidateSpace space)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            Write(w, space);
        }

        return stream.ToArray();
    }

    public static CandidateSpace FromBytes(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes);
        using var doc = JsonDocument.ParseValue(ref reader);
        return Read(doc.RootElement);
    }

    private static void Ints(Utf8JsonWriter w, string name, IReadOnlyList<int> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }

    private static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetInt32())];
}
