using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Core.Files;
using Toolchain.Pipeline.Hashing;

namespace Toolchain.Pipeline.Locking;

/// <summary>
/// The record of a run, in the spirit of dvc.lock: for each stage its key, version, resolved
/// settings, input digests, seeds, environment and output manifest digest. Written as indented
/// canonical JSON (keys sorted, two-space indent, '\n' line ends, final newline), so the same run
/// always writes the same bytes and a reviewer can diff two runs line by line:
/// <code>
/// {
///   "schema": 1,
///   "stages": {
///     "&lt;stage&gt;": {"environment": {...}, "inputs": {...}, "key": "...",
///                  "outputs": {"bytes": n, "files": n, "manifest_digest": "..."},
///                  "seeds": {...}, "settings": {...}, "stage_version": n}
///   }
/// }
/// </code>
/// </summary>
public sealed class LockFile
{
    public const int Schema = 1;

    public LockFile(IEnumerable<StageLockEntry> stages)
    {
        var sorted = new SortedDictionary<string, StageLockEntry>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            if (!sorted.TryAdd(stage.Stage, stage))
                throw new ToolchainError($"Lock file: stage '{stage.Stage}' appears twice.", exitCode: 2);
        }
        Stages = sorted;
    }

    public static LockFile Empty { get; } = new([]);

    public IReadOnlyDictionary<string, StageLockEntry> Stages { get; }

    /// <summary>A copy with <paramref name="entry"/> added or replacing the stage of the same name.</summary>
    public LockFile With(StageLockEntry entry) =>
        new(Stages.Values.Where(s => s.Stage != entry.Stage).Append(entry));

    public string ToText()
    {
        var stages = new JsonObject();
        foreach (var (name, entry) in Stages) stages[name] = entry.ToJson();
        return CanonicalJson.SerializeIndented(new JsonObject { ["schema"] = Schema, ["stages"] = stages }) + "\n";
    }

    /// <summary>Writes via a temporary file and a rename, so readers never see half a lock file.</summary>
    public void Write(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        AtomicFile.WriteAllText(full, ToText());
    }

    public static LockFile Read(string path)
    {
        if (!File.Exists(path)) throw new ToolchainError($"Lock file not found: {path}", exitCode: 2);
        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <summary>Null when the file does not exist (a first run).</summary>
    public static LockFile? ReadIfExists(string path) => File.Exists(path) ? Read(path) : null;

    public static LockFile Parse(string text, string source)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(text) as JsonObject
                ?? throw new ToolchainError($"{source}: expected a JSON object.", exitCode: 2);
        }
        catch (JsonException e)
        {
            throw new ToolchainError($"{source}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", exitCode: 2, e);
        }

        if (root["schema"] is not JsonValue schema || schema.GetValueKind() != JsonValueKind.Number
            || !schema.GetValue<JsonElement>().TryGetInt32(out var version) || version != Schema)
            throw new ToolchainError($"{source}: 'schema' must be {Schema}.", exitCode: 2);
        if (root["stages"] is not JsonObject stages)
            throw new ToolchainError($"{source}: 'stages' must be an object.", exitCode: 2);

        var entries = new List<StageLockEntry>();
        foreach (var (name, node) in stages)
        {
            if (node is not JsonObject stage)
                throw new ToolchainError($"{source}: stage '{name}' must be an object.", exitCode: 2);
            entries.Add(StageLockEntry.FromJson(name, stage, source));
        }
        return new LockFile(entries);
    }
}
