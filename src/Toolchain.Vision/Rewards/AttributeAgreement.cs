using Toolchain.Core;
using Toolchain.Vision.Metrics;

namespace Toolchain.Vision.Rewards;

/// <summary>
/// How a classifier's thresholded predictions agree with a prompt's label vector (one value per head:
/// 1 = the prompt asks for it, 0 = the prompt excludes it, NaN = the prompt says nothing about it).
/// </summary>
public static class AttributeAgreement
{
    /// <summary>Fraction of the heads the prompt constrains whose thresholded prediction equals the prompt's label.</summary>
    public static double HeadAgreement(IReadOnlyList<float> probabilities, IReadOnlyList<float> prompt, IReadOnlyList<double> thresholds)
    {
        CheckShapes(probabilities, prompt, thresholds);
        int constrained = 0, agree = 0;
        for (int k = 0; k < prompt.Count; k++)
        {
            if (float.IsNaN(prompt[k]))
            {
                continue;
            }
            constrained++;
            if (BinaryMetrics.Predict(probabilities[k], thresholds[k]) == IsPositive(prompt[k], k))
            {
                agree++;
            }
        }
        if (constrained == 0)
        {
            throw new ToolchainError("the prompt's label vector constrains no head (all NaN)");
        }
        return (double)agree / constrained;
    }

    /// <summary>True when every head in <paramref name="heads"/> has the prompt's label after thresholding.</summary>
    public static bool AllAgree(IReadOnlyList<float> probabilities, IReadOnlyList<float> prompt, IReadOnlyList<double> thresholds, IReadOnlyList<int> heads)
    {
        CheckShapes(probabilities, prompt, thresholds);
        foreach (int k in heads)
        {
            if (float.IsNaN(prompt[k]))
            {
                throw new ToolchainError($"the prompt's label for head {k} is unknown (NaN); APR needs every artifact label");
            }
            if (BinaryMetrics.Predict(probabilities[k], thresholds[k]) != IsPositive(prompt[k], k))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Artifact Prevalence Rate: share of images whose thresholded artifact heads all equal the prompt's labels.
    /// Use a judge the RL never saw, or it measures reward hacking.
    /// </summary>
    public static double Apr(IReadOnlyList<float[]> probabilities, IReadOnlyList<float[]> prompts, IReadOnlyList<double> thresholds, IReadOnlyList<int> artifactHeads)
    {
        CheckRows(probabilities, prompts);
        return probabilities.Zip(prompts).Count(p => AllAgree(p.First, p.Second, thresholds, artifactHeads)) / (double)prompts.Count;
    }

    /// <summary>
    /// True when the most probable diagnosis head is the diagnosis the prompt names (exactly one diagnosis
    /// head must be 1 in the prompt). Argmax rather than thresholds, so every image gets one predicted diagnosis.
    /// </summary>
    public static bool DiagnosisAgrees(IReadOnlyList<float> probabilities, IReadOnlyList<float> prompt, IReadOnlyList<int> diagnosisHeads)
    {
        if (diagnosisHeads.Count < 2)
        {
            throw new ArgumentException("diagnosis agreement needs at least two diagnosis heads", nameof(diagnosisHeads));
        }
        var named = diagnosisHeads.Where(k => prompt[k] == 1f).ToArray();
        if (named.Length != 1)
        {
            throw new ToolchainError($"the prompt names {named.Length} diagnoses among heads [{string.Join(", ", diagnosisHeads)}]; exactly one is needed");
        }
        int best = diagnosisHeads[0];
        foreach (int k in diagnosisHeads)
        {
            if (probabilities[k] > probabilities[best])
            {
                best = k;
            }
        }
        return best == named[0];
    }

    /// <summary>Share of images whose predicted diagnosis (argmax over the diagnosis heads) is the prompt's.</summary>
    public static double DiagnosisAgreement(IReadOnlyList<float[]> probabilities, IReadOnlyList<float[]> prompts, IReadOnlyList<int> diagnosisHeads)
    {
        CheckRows(probabilities, prompts);
        return probabilities.Zip(prompts).Count(p => DiagnosisAgrees(p.First, p.Second, diagnosisHeads)) / (double)prompts.Count;
    }

    private static bool IsPositive(float label, int head) => label switch
    {
        1f => true,
        0f => false,
        _ => throw new ToolchainError($"prompt label {label} for head {head} is not 0, 1 or NaN"),
    };

    private static void CheckShapes(IReadOnlyList<float> probabilities, IReadOnlyList<float> prompt, IReadOnlyList<double> thresholds)
    {
        if (probabilities.Count != prompt.Count || thresholds.Count != prompt.Count)
        {
            throw new ArgumentException($"{probabilities.Count} probabilities, {prompt.Count} prompt labels and {thresholds.Count} thresholds: all must match the head count");
        }
    }

    private static void CheckRows(IReadOnlyList<float[]> probabilities, IReadOnlyList<float[]> prompts)
    {
        if (probabilities.Count != prompts.Count)
        {
            throw new ArgumentException($"{probabilities.Count} prediction rows for {prompts.Count} prompts");
        }
        if (prompts.Count == 0)
        {
            throw new ArgumentException("no images to score");
        }
    }
}
