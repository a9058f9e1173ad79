using Toolchain.Core;

namespace Toolchain.Data.Prompts;

/// <summary>
/// Maps a prompt of an enumerable template back to its conditions and label vector, by exact match against
/// the template's enumerated prompts: anything else (other wording, spacing, order) is rejected. For RL4Med the
/// label vector is [hair, gel_bubble, ruler, ink, MEL, NV], the reward classifier's head order.
/// </summary>
public sealed class PromptParser
{
    private readonly PromptTemplate template;
    private readonly Dictionary<string, PromptConditions> byPrompt;

    public PromptParser(PromptTemplate template)
    {
        this.template = template;
        byPrompt = new Dictionary<string, PromptConditions>(StringComparer.Ordinal);
        foreach (var (prompt, conditions) in template.Enumerate())
        {
            if (!byPrompt.TryAdd(prompt, conditions))
            {
                throw new ToolchainError($"prompt template '{template.Name}' renders '{prompt}' for two different conditions, so prompts cannot be parsed", 2);
            }
        }
    }

    /// <summary>Names of the label vector's entries: the artifacts, then the diagnoses.</summary>
    public IReadOnlyList<string> LabelNames => [.. template.Artifacts.Select(a => a.Label), .. template.Diagnoses];

    public bool TryParse(string prompt, out PromptConditions? conditions) => byPrompt.TryGetValue(prompt, out conditions);

    public PromptConditions Parse(string prompt) =>
        byPrompt.TryGetValue(prompt, out var conditions)
            ? conditions
            : throw new ToolchainError($"'{prompt}' is not a prompt of template '{template.Name}' (e.g. '{byPrompt.Keys.First()}')", 2);

    /// <summary>1/0 per <see cref="LabelNames"/> entry: artifacts present, then the one-hot diagnosis.</summary>
    public float[] LabelVector(string prompt)
    {
        var conditions = Parse(prompt);
        return
        [
            .. conditions.ArtifactsPresent.Select(p => p ? 1f : 0f),
            .. template.Diagnoses.Select(d => d == conditions.Diagnosis ? 1f : 0f),
        ];
    }
}
