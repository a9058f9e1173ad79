using Toolchain.Core;
using Toolchain.Data.Prompts;
using Toolchain.Vision.Rewards;

namespace Toolchain.Stages.Evaluate;

/// <summary>
/// Whether the judge's verdict on an image agrees with the prompt it was made for: APR counts an image when every
/// artifact head the template names agrees (thresholded), diagnosis agreement when the judge's most likely
/// diagnosis is the prompt's.
/// </summary>
public sealed class PromptAgreement
{
    private readonly IImageJudge judge;
    private readonly PromptTemplate template;
    private readonly List<int> artifactHeads;
    private readonly List<int> diagnosisHeads;

    public PromptAgreement(IImageJudge judge, PromptTemplate template)
    {
        this.judge = judge;
        this.template = template;
        artifactHeads = judge.Labels.Select((l, i) => (l, i)).Where(p => template.Artifacts.Any(a => a.Label == p.l)).Select(p => p.i).ToList();
        diagnosisHeads = judge.Labels.Select((l, i) => (l, i)).Where(p => template.Diagnoses.Contains(p.l)).Select(p => p.i).ToList();
        if (artifactHeads.Count == 0 || diagnosisHeads.Count < 2)
        {
            throw new ToolchainError($"the judge's heads ({string.Join(", ", judge.Labels)}) must cover the template's artifacts and at least two of its diagnoses ({string.Join(", ", template.Diagnoses)})");
        }
    }

    /// <summary>The prompt's target per judge head: 1 or 0, NaN for heads the template does not constrain.</summary>
    public float[] LabelVector(PromptConditions conditions) => judge.Labels.Select(l =>
    {
        int artifact = template.Artifacts.Select(a => a.Label).ToList().IndexOf(l);
        return artifact >= 0 ? (conditions.ArtifactsPresent[artifact] ? 1f : 0f)
            : template.Diagnoses.Contains(l) ? (l == conditions.Diagnosis ? 1f : 0f)
            : float.NaN;
    }).ToArray();

    public bool ArtifactsAgree(IReadOnlyList<float> probabilities, PromptConditions conditions) =>
        AttributeAgreement.AllAgree(probabilities, LabelVector(conditions), judge.Thresholds, artifactHeads);

    public bool DiagnosisAgrees(IReadOnlyList<float> probabilities, PromptConditions conditions) =>
        AttributeAgreement.DiagnosisAgrees(probabilities, LabelVector(conditions), diagnosisHeads);
}
