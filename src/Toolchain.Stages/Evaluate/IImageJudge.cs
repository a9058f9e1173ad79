using Toolchain.Evaluation.Plots;

namespace Toolchain.Stages.Evaluate;

/// <summary>What the held-out judge says about images: per-head probabilities and penultimate (pooled) features.</summary>
public interface IImageJudge
{
    IReadOnlyList<string> Labels { get; }

    IReadOnlyList<double> Thresholds { get; }

    /// <summary>Names the feature space in metrics.json, e.g. "judge SmallCnn penultimate (128-d)".</summary>
    string FeatureSpace { get; }

    (float[][] Probabilities, double[][] Features) Judge(IReadOnlyList<RgbImage> images);
}
