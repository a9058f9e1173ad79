using System.Text.Json.Nodes;
using Toolchain.Pipeline.Hashing;
using CanonicalJson = Toolchain.Pipeline.Hashing.CanonicalJson;
using Toolchain.Specs.Loading;

namespace Toolchain.Stages.Release;

/// <summary>
/// The fully resolved spec in one canonical JSON document: the dataset settings (defaults applied,
/// paths as written), the pipeline's name, and every stage in run order with its code version and
/// settings (overrides merged, defaults applied). Equal specs give equal bytes.
/// </summary>
public static class ResolvedSpecDocument
{
    public static JsonObject Build(ResolvedSpec spec)
    {
        var stages = new JsonArray();
        foreach (var stage in spec.Stages)
        {
            stages.Add(new JsonObject
            {
                ["name"] = stage.Name,
                ["version"] = stage.Version,
                ["settings"] = stage.Settings.DeepClone(),
            });
        }
        return new JsonObject
        {
            ["dataset"] = spec.DatasetSettings.DeepClone(),
            ["pipeline"] = new JsonObject { ["name"] = spec.Pipeline.Name, ["description"] = spec.Pipeline.Description },
            ["stages"] = stages,
        };
    }

    public static string Render(ResolvedSpec spec) => CanonicalJson.SerializeIndented(Build(spec)) + "\n";
}
