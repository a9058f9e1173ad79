using Toolchain.Data.Prompts;
using Toolchain.Stages.Evaluate;

namespace Toolchain.Stages.Experiments;

/// <summary>
/// Measures the judge's APR and diagnosis agreement of FineTune's model with a given set of adapters: every
/// enumerated prompt, <paramref name="imagesPerPrompt"/> images each, the same seeds for every adapter file (so
/// two measurements differ only by the adapters).
/// </summary>
/// <param name="samplerFor">The model with the given adapter file (null: none), e.g. a <see cref="DiffusionSampler"/>.</param>
public sealed class JudgeCurve(IImageJudge judge, PromptTemplate template, Func<string?, IPromptSampler> samplerFor, int imagesPerPrompt, long seed)
{
    private readonly PromptAgreement agreement = new(judge, template);

    /// <summary>Images judged per measurement.</summary>
    public int Images => template.Enumerate().Count * imagesPerPrompt;

    /// <returns>APR and diagnosis agreement; <paramref name="adapterFile"/> null measures the FineTune model alone.</returns>
    public (double Apr, double DiagnosisAgreement) Measure(string? adapterFile)
    {
        var draws = EvaluationDraw.For(template.Enumerate(), imagesPerPrompt, seed);
        var images = samplerFor(adapterFile).Sample(draws.Select(d => d.Prompt).ToList(), draws.Select(d => d.Seed).ToList());
        var (probabilities, _) = judge.Judge(images);
        int apr = 0, diagnosis = 0;
        for (int i = 0; i < images.Count; i++)
        {
            apr += agreement.ArtifactsAgree(probabilities[i], draws[i].Conditions) ? 1 : 0;
            diagnosis += agreement.DiagnosisAgrees(probabilities[i], draws[i].Conditions) ? 1 : 0;
        }
        return ((double)apr / images.Count, (double)diagnosis / images.Count);
    }
}
