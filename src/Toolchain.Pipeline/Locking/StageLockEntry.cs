using System.Text.Json;
using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Pipeline.Cache;
using Toolchain.Pipeline.Hashing;
using Toolchain.Pipeline.Keys;

namespace Toolchain.Pipeline.Locking;

/// <summary>What one stage of a run resolved to: its key components, its key and the digest of the outputs it used.</summary>
public sealed class StageLockEntry
{
    public StageLockEntry(StageKeyComponents components, string outputDigest, int outputFiles, long outputBytes)
    {
        if (!Sha256Hex.IsValid(outputDigest))
            throw new ToolchainError($"Stage '{components.Stage}': output digest '{outputDigest}' is not a SHA-256.", exitCode: 2);
        Components = components;
        OutputDigest = outputDigest;
        OutputFiles = outputFiles;
        OutputBytes = outputBytes;
    }

    public static StageLockEntry From(CacheEntry entry) =>
        new(entry.Components, entry.OutputDigest, entry.Manifest.Entries.Count, entry.Manifest.TotalBytes);

    public string Stage => Components.Stage;
    public CacheKey Key => Components.Key;
    public StageKeyComponents Components { get; }
    public string OutputDigest { get; }
    public int OutputFiles { get; }
    public long OutputBytes { get; }

    /// <summary>The stage's object in the lock file (the stage name is its property name there).</summary>
    public JsonObject ToJson()
    {
        var json = Components.ToJson();
        json.Remove("stage");
        json["key"] = Key.Hex;
        json["outputs"] = new JsonObject
        {
            ["manifest_digest"] = OutputDigest,
            ["files"] = OutputFiles,
            ["bytes"] = OutputBytes,
        };
        return json;
    }

    /// <summary>Reads a stage object; the recorded key must match the one its components hash to.</summary>
    public static StageLockEntry FromJson(string stage, JsonObject json, string source)
    {
        var where = $"{source}: stage '{stage}'";
        var copy = (JsonObject)json.DeepClone();
        var recordedKey = Take(copy, "key", where) is JsonValue k && k.GetValueKind() == JsonValueKind.String
            ? k.GetValue<string>()
            : throw new ToolchainError($"{where}: 'key' must be a string.", exitCode: 2);
        var outputs = Take(copy, "outputs", where) as JsonObject
            ?? throw new ToolchainError($"{where}: 'outputs' must be an object.", exitCode: 2);
        copy["stage"] = stage;
        var components = StageKeyComponents.FromJson(copy, where);
        if (components.Key.Hex != recordedKey)
            throw new ToolchainError(
                $"{where}: recorded key {Shorten(recordedKey)} does not match its components, which hash to {components.Key.Short} (edited by hand?).",
                exitCode: 2);

        var digest = outputs["manifest_digest"] is JsonValue d && d.GetValueKind() == JsonValueKind.String
            ? d.GetValue<string>()
            : throw new ToolchainError($"{where}: 'outputs.manifest_digest' must be a string.", exitCode: 2);
        return new StageLockEntry(components, digest, ReadInt(outputs, "files", where), ReadLong(outputs, "bytes", where));
    }

    private static JsonNode Take(JsonObject json, string name, string where)
    {
        var node = json[name] ?? throw new ToolchainError($"{where}: missing '{name}'.", exitCode: 2);
        json.Remove(name);
        return node;
    }

    private static int ReadInt(JsonObject json, string name, string where) =>
        json[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.GetValue<JsonElement>().TryGetInt32(out var i) && i >= 0
            ? i
            : throw new ToolchainError($"{where}: 'outputs.{name}' must be a non-negative integer.", exitCode: 2);

    private static long ReadLong(JsonObject json, string name, string where) =>
        json[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.GetValue<JsonElement>().TryGetInt64(out var l) && l >= 0
            ? l
            : throw new ToolchainError($"{where}: 'outputs.{name}' must be a non-negative integer.", exitCode: 2);

    private static string Shorten(string text) => text.Length > 12 ? text[..12] : text;
}
