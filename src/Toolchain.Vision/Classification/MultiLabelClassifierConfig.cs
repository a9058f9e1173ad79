using Toolchain.Core;
using Toolchain.Vision.Networks;

namespace Toolchain.Vision.Classification;

/// <summary>Architecture, head labels (one sigmoid head each, in order) and per-head decision thresholds.</summary>
public sealed record MultiLabelClassifierConfig(BackboneConfig Backbone, IReadOnlyList<string> Labels, IReadOnlyList<double> Thresholds)
{
    /// <summary>The RL4Med paper's six heads: four artifacts, then the two diagnoses.</summary>
    public static readonly IReadOnlyList<string> PaperLabels = ["hair", "gel_bubble", "ruler", "ink", "MEL", "NV"];

    /// <summary>The paper's artifact heads (what APR compares).</summary>
    public static readonly IReadOnlyList<string> PaperArtifactLabels = ["hair", "gel_bubble", "ruler", "ink"];

    /// <summary>The paper's diagnosis heads (what diagnosis agreement compares).</summary>
    public static readonly IReadOnlyList<string> PaperDiagnosisLabels = ["MEL", "NV"];

    /// <summary>A config with one threshold for every head (default: the paper's labels, a SmallCnn, 0.5).</summary>
    public static MultiLabelClassifierConfig Create(BackboneConfig? backbone = null, IReadOnlyList<string>? labels = null, double threshold = 0.5)
    {
        var names = labels ?? PaperLabels;
        var config = new MultiLabelClassifierConfig(backbone ?? new BackboneConfig(), names.ToArray(), Enumerable.Repeat(threshold, names.Count).ToArray());
        config.Validate();
        return config;
    }

    public int IndexOf(string label)
    {
        for (int i = 0; i < Labels.Count; i++)
        {
            if (Labels[i] == label)
            {
                return i;
            }
        }
        throw new ToolchainError($"label '{label}' is not one of the classifier's heads ({string.Join(", ", Labels)})", 2);
    }

    /// <summary>Head indices of <paramref name="labels"/>, in the given order.</summary>
    public int[] IndicesOf(IEnumerable<string> labels) => labels.Select(IndexOf).ToArray();

    public void Validate()
    {
        Backbone.Validate();
        if (Labels.Count == 0)
        {
            throw new ToolchainError("a multi-label classifier needs at least one label", 2);
        }
        var duplicate = Labels.GroupBy(l => l, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ToolchainError($"label '{duplicate.Key}' appears twice in the classifier's labels", 2);
        }
        if (Labels.Any(string.IsNullOrWhiteSpace))
        {
            throw new ToolchainError("classifier labels must not be empty", 2);
        }
        if (Thresholds.Count != Labels.Count)
        {
            throw new ToolchainError($"{Thresholds.Count} thresholds for {Labels.Count} labels", 2);
        }
        for (int i = 0; i < Thresholds.Count; i++)
        {
            if (!(Thresholds[i] > 0 && Thresholds[i] < 1))
            {
                throw new ToolchainError($"threshold of '{Labels[i]}' must be strictly between 0 and 1, got {Thresholds[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}", 2);
            }
        }
    }

    public string ToJson() => VisionJson.Serialize(this);

    public static MultiLabelClassifierConfig FromJson(string json, string source)
    {
        var config = VisionJson.Deserialize<MultiLabelClassifierConfig>(json, source);
        config.Validate();
        return config;
    }
}
