using Toolchain.Data.Prompts;
using Toolchain.Evaluation.Metrics;
using Toolchain.Evaluation.Plots;
using Toolchain.Stages.Evaluate;

namespace Toolchain.Stages.Experiments;

/// <summary>
/// Measures the judge's APR and diagnosis agreement of FineTune's model with a given set of adapters: every
/// enumerated prompt, <paramref name="imagesPerPrompt"/> images each, the same seeds for every adapter file (so
/// two measurements differ only by the adapters). It also measures how far the images drift from real ones in the
/// judge's own feature space: a policy can drift away from real-looking images (a collapse, off colours) while
/// APR holds, and this distance shows it.
/// </summary>
/// <param name="samplerFor">The model with the given adapter file (null: none), e.g. a <see cref="DiffusionSampler"/>.</param>
/// <param name="realImages">Real images the prompts describe (compare-rl: the test split's), at least two.</param>
public sealed class JudgeCurve(IImageJudge judge, PromptTemplate template, Func<string?, IPromptSampler> samplerFor, int imagesPerPrompt, long seed,
    IReadOnlyList<RgbImage> realImages)
{
    private readonly PromptAgreement agreement = new(judge, template);
    private readonly Lazy<FeatureMatrix> realFeatures = new(() => new FeatureMatrix(judge.FeatureSpace, judge.Judge(realImages).Features));

    /// <summary>Images judged per measurement.</summary>
    public int Images => template.Enumerate().Count * imagesPerPrompt;

    /// <summary>Real images the Frechet distance compares with.</summary>
    public int RealImages => realImages.Count;

    /// <param name="adapterFile">The adapters to sample with; null measures the FineTune model alone.</param>
    public JudgeMeasurement Measure(string? adapterFile)
    {
        var draws = EvaluationDraw.For(template.Enumerate(), imagesPerPrompt, seed);
        var images = samplerFor(adapterFile).Sample(draws.Select(d => d.Prompt).ToList(), draws.Select(d => d.Seed).ToList());
        var (probabilities, features) = judge.Judge(images);
        int apr = 0, diagnosis = 0;
        for (int i = 0; i < images.Count; i++)
        {
            apr += agreement.ArtifactsAgree(probabilities[i], draws[i].Conditions) ? 1 : 0;
            diagnosis += agreement.DiagnosisAgrees(probabilities[i], draws[i].Conditions) ? 1 : 0;
        }
        double frechet = FrechetDistance.Compute(realFeatures.Value, new FeatureMatrix(judge.FeatureSpace, features));
        return new JudgeMeasurement((double)apr / images.Count, (double)diagnosis / images.Count, frechet);
    }
}
