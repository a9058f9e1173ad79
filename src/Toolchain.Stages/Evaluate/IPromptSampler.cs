using Toolchain.Evaluation.Plots;

namespace Toolchain.Stages.Evaluate;

/// <summary>
/// A text-to-image model as Evaluate uses it: one image per (prompt, seed) pair, at the prepare resolution.
/// Baseline and refined samplers receive identical prompts and seeds, so their images differ only by the model.
/// </summary>
public interface IPromptSampler
{
    IReadOnlyList<RgbImage> Sample(IReadOnlyList<string> prompts, IReadOnlyList<long> seeds);
}
