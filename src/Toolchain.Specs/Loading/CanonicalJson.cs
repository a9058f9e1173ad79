using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toolchain.Specs.Loading;

/// <summary>
/// Canonical JSON of resolved settings: object keys sorted ordinally, no whitespace, numbers in
/// .NET's shortest round-trip invariant form. Equal settings give equal bytes, so this is what to hash.
/// </summary>
public static class CanonicalJson
{
    public static string Serialize(JsonNode? node) => Sorted(node)?.ToJsonString(Compact) ?? "null";

    /// <summary>Indented, still key-sorted: for snapshots and people.</summary>
    public static string SerializeIndented(JsonNode? node) => Sorted(node)?.ToJsonString(Indented) ?? "null";

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, Sorted(kv.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        null => null,
        _ => node.DeepClone(),
    };
}
