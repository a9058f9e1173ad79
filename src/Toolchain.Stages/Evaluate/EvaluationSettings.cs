using System.Text.Json.Nodes;

namespace Toolchain.Stages.Evaluate;

/// <summary>
/// The evaluate stage's settings, read from its resolved (defaults applied) settings object. The optional network
/// weights (resolved paths) switch on FID/KID on Inception-v3 features and LPIPS diversity; see docs/metrics.md.
/// </summary>
public sealed record EvaluationSettings(int ImagesPerPrompt, int KidSubsetSize, int KidSubsets, int PrK, string? InceptionWeights = null, string? LpipsWeights = null)
{
    public static EvaluationSettings From(JsonObject settings, string? inceptionWeights, string? lpipsWeights) => new(
        settings["images_per_prompt"]!.GetValue<int>(),
        settings["kid_subset_size"]!.GetValue<int>(),
        settings["kid_subsets"]!.GetValue<int>(),
        settings["pr_k"]!.GetValue<int>(),
        inceptionWeights,
        lpipsWeights);
}
