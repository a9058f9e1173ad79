using System.Text.Json.Nodes;
using Toolchain.Pipeline.Keys;
using Toolchain.Pipeline.Manifests;

namespace Toolchain.Pipeline.Cache;

/// <summary>A complete cache entry: a stage's outputs for one key, with their manifest and key components.</summary>
public sealed class CacheEntry
{
    public CacheEntry(string directory, StageKeyComponents components, Manifest manifest, JsonObject? metadata)
    {
        Directory = directory;
        Components = components;
        Manifest = manifest;
        Metadata = metadata;
    }

    public string Stage => Components.Stage;
    public CacheKey Key => Components.Key;

    /// <summary>The entry folder &lt;root&gt;/&lt;stage&gt;/&lt;key&gt;.</summary>
    public string Directory { get; }

    /// <summary>Where the stage's outputs are; read-only by convention.</summary>
    public string OutputsDirectory => Path.Combine(Directory, CacheLayout.OutputsFolder);

    public StageKeyComponents Components { get; }
    public Manifest Manifest { get; }

    /// <summary>Digest of the output manifest: what downstream stages use as this input's digest.</summary>
    public string OutputDigest => Manifest.Digest;

    /// <summary>Extra facts the work returned (metrics, counts), or null.</summary>
    public JsonObject? Metadata { get; }
}
