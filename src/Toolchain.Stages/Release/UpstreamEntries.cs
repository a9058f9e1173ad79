using System.Text;
using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Pipeline.Cache;
using Toolchain.Pipeline.Keys;
using Toolchain.Pipeline.Locking;
using Toolchain.Pipeline.Manifests;

namespace Toolchain.Stages.Release;

/// <summary>
/// The cache entries the release was built from. A stage's input folder is an entry's
/// <c>outputs/</c>; its key.json and manifest sit beside it, so the release records exactly the
/// keys and manifests of the bytes it read, whatever the spec's lock file says at the time.
/// </summary>
public static class UpstreamEntries
{
    /// <summary>One upstream stage: its lock entry (key components, output digest) and its output manifest.</summary>
    public sealed record Upstream(StageLockEntry Lock, Manifest Manifest);

    /// <summary>Reads the entry of every input folder, in the given (pipeline) order.</summary>
    public static IReadOnlyList<Upstream> Read(IEnumerable<KeyValuePair<string, string>> inputFolders)
    {
        var result = new List<Upstream>();
        foreach (var (stage, outputs) in inputFolders)
        {
            var entry = CacheLayout.EntryOfOutputs(outputs)
                ?? throw new ToolchainError($"input of stage {stage} ({outputs}) is not inside a cache entry", exitCode: 1);
            var keyPath = Path.Combine(entry, CacheLayout.KeyFile);
            var manifestPath = Path.Combine(entry, CacheLayout.ManifestFile);
            if (!File.Exists(keyPath) || !File.Exists(manifestPath))
            {
                throw new ToolchainError($"input of stage {stage} ({outputs}) has no {CacheLayout.KeyFile} or {CacheLayout.ManifestFile} beside it: not a cache entry", exitCode: 1);
            }
            var json = JsonNode.Parse(File.ReadAllText(keyPath, Encoding.UTF8)) as JsonObject
                ?? throw new ToolchainError($"{keyPath}: expected a JSON object", exitCode: 1);
            var components = StageKeyComponents.FromJson(json, keyPath);
            if (components.Stage != stage)
            {
                throw new ToolchainError($"{keyPath}: describes stage {components.Stage}, expected {stage}", exitCode: 1);
            }
            var manifest = Manifest.Read(manifestPath);
            var lockEntry = new StageLockEntry(components, manifest.Digest, manifest.Entries.Count, manifest.TotalBytes);
            result.Add(new Upstream(lockEntry, manifest));
        }
        return result;
    }
}
