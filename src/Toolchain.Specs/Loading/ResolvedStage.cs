using System.Text.Json.Nodes;

namespace Toolchain.Specs.Loading;

/// <summary>
/// One stage of the resolved pipeline. <see cref="Settings"/> is complete (every default applied),
/// holds paths only as written, and is what the cache key hashes. <see cref="Paths"/> maps the
/// settings' path keys (e.g. <c>base</c>, <c>vlfm.from</c>) to absolute paths for the stage to open.
/// </summary>
/// <param name="Version">Stage code version from <see cref="Stages.StageCatalog"/>.</param>
/// <param name="DependsOn">Stages of this pipeline whose outputs this stage reads, in pipeline order.</param>
public sealed record ResolvedStage(
    string Name,
    int Version,
    JsonObject Settings,
    IReadOnlyList<string> DependsOn,
    IReadOnlyDictionary<string, string> Paths)
{
    /// <summary>Absolute path of a path-valued setting, or null when it is unset or a keyword such as <c>scratch</c>.</summary>
    public string? ResolvePath(string settingKey) => Paths.GetValueOrDefault(settingKey);
}
