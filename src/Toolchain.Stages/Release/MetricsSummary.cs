using System.Text.Json.Nodes;
using Toolchain.Pipeline.Hashing;

namespace Toolchain.Stages.Release;

/// <summary>
/// Flattens a metrics file (evaluate's metrics.json, retrain's downstream.json) into "path: value"
/// rows for the datasheet, whatever its nesting; the "definitions" block is prose and is skipped.
/// Values are written in canonical JSON, so the datasheet never depends on the culture.
/// </summary>
public static class MetricsSummary
{
    public const int MaxRows = 60;

    public static IReadOnlyList<(string Path, string Value)> Flatten(JsonNode? node)
    {
        var rows = new List<(string, string)>();
        Walk(node, "", rows);
        return rows;
    }

    private static void Walk(JsonNode? node, string path, List<(string, string)> rows)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (path.Length == 0 && key == "definitions") continue;
                    Walk(child, path.Length == 0 ? key : $"{path}.{key}", rows);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) Walk(array[i], $"{path}[{i}]", rows);
                break;
            default:
                rows.Add((path, CanonicalJson.Serialize(node)));
                break;
        }
    }
}
