using System.Text.Json.Nodes;

namespace Toolchain.Specs.Validation;

/// <summary>
/// Tolerant reads of validated JSON for the cross-reference rules, which also run when other parts
/// of the document were invalid (and so are missing) so that every error surfaces in one run.
/// </summary>
internal static class JsonRead
{
    public static JsonObject? Object(JsonNode? node, string key) => (node as JsonObject)?[key] as JsonObject;

    public static JsonArray? Array(JsonNode? node, string key) => (node as JsonObject)?[key] as JsonArray;

    public static string? String(JsonNode? node, string key) =>
        (node as JsonObject)?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static double? Number(JsonNode? node, string key) =>
        (node as JsonObject)?[key] is JsonValue v
            ? v.TryGetValue<double>(out var d) ? d : v.TryGetValue<int>(out var i) ? i : null
            : null;

    public static bool? Bool(JsonNode? node, string key) =>
        (node as JsonObject)?[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;
}
