using System.Text.Json.Nodes;
using Toolchain.Core;

namespace Toolchain.Stages.Evaluate;

/// <summary>The evaluate stage's settings, read from its resolved (defaults applied) settings object.</summary>
public sealed record EvaluationSettings(int ImagesPerPrompt, int KidSubsetSize, int KidSubsets, int PrK)
{
    public static EvaluationSettings From(JsonObject settings, string? inceptionWeights, string? lpipsWeights)
    {
        // Both need a network this toolchain does not implement yet; refusing is honest, a substitute would not be.
        if (inceptionWeights is not null)
        {
            throw new ToolchainError("evaluate.inception_weights is not supported yet: true FID/KID need an Inception-v3 (pool3) implementation, which this version does not have. Remove the setting; the judge-feature Frechet distance and KID are reported instead (see docs/metrics.md).", 2);
        }
        if (lpipsWeights is not null)
        {
            throw new ToolchainError("evaluate.lpips_weights is not supported yet: LPIPS needs its backbone network, which this version does not have. Remove the setting; diversity is reported on judge features (see docs/metrics.md).", 2);
        }
        return new EvaluationSettings(
            settings["images_per_prompt"]!.GetValue<int>(),
            settings["kid_subset_size"]!.GetValue<int>(),
            settings["kid_subsets"]!.GetValue<int>(),
            settings["pr_k"]!.GetValue<int>());
    }
}
