using System.Text.Json;
using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Pipeline.Hashing;

namespace Toolchain.Pipeline.Keys;

/// <summary>
/// Everything a stage's outputs depend on: its name, code version, resolved settings, the
/// manifest digests of its inputs, its seeds and the environment facts that change numbers
/// (libtorch version, device, dtype, thread count, ...). Its canonical JSON is hashed into the
/// <see cref="CacheKey"/>, written to each cache entry as key.json and to lock files, so a
/// changed key can be explained field by field. Mtimes, absolute paths and timestamps must
/// never be put in here: they would make every run a miss.
/// </summary>
public sealed class StageKeyComponents
{
    private readonly JsonObject _settings;
    private readonly JsonObject _seeds;
    private readonly JsonObject _environment;

    public StageKeyComponents(
        string stage,
        int stageVersion,
        JsonObject? settings = null,
        IReadOnlyDictionary<string, string>? inputs = null,
        JsonObject? seeds = null,
        JsonObject? environment = null)
    {
        Stage = StageName.Validate(stage);
        if (stageVersion < 0)
            throw new ToolchainError($"Stage '{stage}': stage version must be >= 0, got {stageVersion}.", exitCode: 2);
        StageVersion = stageVersion;

        // Private deep copies: a caller mutating its objects later must not change this key.
        _settings = Copy(settings);
        _seeds = Copy(seeds);
        _environment = Copy(environment);

        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, digest) in inputs ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(name))
                throw new ToolchainError($"Stage '{stage}': an input has an empty name.", exitCode: 2);
            if (!Sha256Hex.IsValid(digest))
                throw new ToolchainError($"Stage '{stage}': input '{name}' has digest '{digest}', expected a manifest digest (64 lowercase hex characters).", exitCode: 2);
            sorted.Add(name, digest);
        }
        Inputs = sorted;

        // Computing the key now also rejects values canonical JSON cannot represent (NaN, ...).
        Key = CacheKey.Of(this);
    }

    public string Stage { get; }
    public int StageVersion { get; }
    public IReadOnlyDictionary<string, string> Inputs { get; }
    public CacheKey Key { get; }

    /// <summary>A copy of the resolved settings.</summary>
    public JsonObject Settings => Copy(_settings);

    /// <summary>A copy of the seeds.</summary>
    public JsonObject Seeds => Copy(_seeds);

    /// <summary>A copy of the environment facts.</summary>
    public JsonObject Environment => Copy(_environment);

    /// <summary>The object that is hashed: {stage, stage_version, settings, inputs, seeds, environment}.</summary>
    public JsonObject ToJson()
    {
        var inputs = new JsonObject();
        foreach (var (name, digest) in Inputs) inputs[name] = digest;
        return new JsonObject
        {
            ["stage"] = Stage,
            ["stage_version"] = StageVersion,
            ["settings"] = Copy(_settings),
            ["inputs"] = inputs,
            ["seeds"] = Copy(_seeds),
            ["environment"] = Copy(_environment),
        };
    }

    /// <summary>Reads the form written by <see cref="ToJson"/>; <paramref name="source"/> names the file in errors.</summary>
    public static StageKeyComponents FromJson(JsonObject json, string source)
    {
        var stage = RequireString(json, "stage", source);
        var versionNode = Require(json, "stage_version", source);
        if (versionNode is not JsonValue versionValue || versionValue.GetValueKind() != JsonValueKind.Number
            || !versionValue.TryGetValue<int>(out var version) && !TryGetIntFromElement(versionValue, out version))
            throw new ToolchainError($"{source}: 'stage_version' must be an integer.", exitCode: 2);

        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, digest) in RequireObject(json, "inputs", source))
        {
            if (digest is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                throw new ToolchainError($"{source}: inputs.{name} must be a digest string.", exitCode: 2);
            inputs[name] = v.GetValue<string>();
        }

        return new StageKeyComponents(
            stage,
            version,
            RequireObject(json, "settings", source),
            inputs,
            RequireObject(json, "seeds", source),
            RequireObject(json, "environment", source));
    }

    private static bool TryGetIntFromElement(JsonValue value, out int result)
    {
        result = 0;
        return value.TryGetValue<JsonElement>(out var e) && e.TryGetInt32(out result);
    }

    private static JsonNode Require(JsonObject json, string name, string source) =>
        json[name] ?? throw new ToolchainError($"{source}: missing '{name}'.", exitCode: 2);

    private static string RequireString(JsonObject json, string name, string source) =>
        Require(json, name, source) is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new ToolchainError($"{source}: '{name}' must be a string.", exitCode: 2);

    private static JsonObject RequireObject(JsonObject json, string name, string source) =>
        Require(json, name, source) as JsonObject
            ?? throw new ToolchainError($"{source}: '{name}' must be an object.", exitCode: 2);

    private static JsonObject Copy(JsonObject? source) =>
        source is null ? new JsonObject() : (JsonObject)source.DeepClone();
}
