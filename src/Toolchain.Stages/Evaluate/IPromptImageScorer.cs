using Toolchain.Evaluation.Plots;

namespace Toolchain.Stages.Evaluate;

/// <summary>Cosine similarity between each image and its own prompt in a vision-language model's embedding space.</summary>
public interface IPromptImageScorer
{
    double[] Cosines(IReadOnlyList<RgbImage> images, IReadOnlyList<string> prompts);
}
