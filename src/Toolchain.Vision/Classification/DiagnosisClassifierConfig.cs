using Toolchain.Core;
using Toolchain.Vision.Networks;

namespace Toolchain.Vision.Classification;

/// <summary>Architecture and the K diagnosis classes (softmax outputs, in order) of a downstream classifier.</summary>
public sealed record DiagnosisClassifierConfig(BackboneConfig Backbone, IReadOnlyList<string> Classes)
{
    public void Validate()
    {
        Backbone.Validate();
        if (Classes.Count < 2)
        {
            throw new ToolchainError($"a diagnosis classifier needs at least two classes, got {Classes.Count}", 2);
        }
        var duplicate = Classes.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ToolchainError($"class '{duplicate.Key}' appears twice in the diagnosis classes", 2);
        }
    }

    public string ToJson() => VisionJson.Serialize(this);

    public static DiagnosisClassifierConfig FromJson(string json, string source)
    {
        var config = VisionJson.Deserialize<DiagnosisClassifierConfig>(json, source);
        config.Validate();
        return config;
    }
}
