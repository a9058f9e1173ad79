using System.Globalization;
using System.Text;
using Toolchain.Diffusion.Checkpoints;
using Toolchain.Specs.Loading;

namespace Toolchain.Stages.Experiments;

/// <summary>
/// summary.md of an RL comparison: per arm, its final and best judge APR and how many RL samples it needed to
/// reach the reference arm's final APR, and how far its images drifted from real ones in the judge's feature space;
/// then the judge on each arm's own RL trajectories (<see cref="SamplerCheck"/>).
/// </summary>
public static class RlComparisonSummary
{
    public static string Markdown(RlComparisonSpec experiment, IReadOnlyList<JudgeCurvePoint> points, IReadOnlyDictionary<string, double> refineSeconds,
        IReadOnlyList<SamplerCheck> checks, int realImages)
    {
        var reference = Curve(points, experiment.Reference);
        var baseline = reference[0];
        var final = reference[^1];
        // Reaching the reference's final APR means something only if the reference itself rose above the
        // FineTune model: otherwise every arm "reaches" it at its first measurement.
        bool rose = final.Apr > baseline.Apr + 1e-12;
        bool withinNoise = rose && final.Apr - baseline.Apr < 2 * final.AprStandardError;
        long? referenceSamples = rose ? SamplesToReach.First(reference.Where(p => p.Epoch > 0), final.Apr) : null;
        var text = new StringBuilder();
        text.Append(Invariant(
            $"# RL comparison: {Path.GetFileName(experiment.File)}\n\nTarget: the final judge APR of `{experiment.Reference}`, {final.Apr:F3} (+- {final.AprStandardError:F3} s.e.) after {final.SamplesSeen} samples; the FineTune model alone: {baseline.Apr:F3}. Judge on {final.Images} images per point ({experiment.ImagesPerPrompt} per prompt), measured {experiment.Spacing.Describe()}. Frechet: the distance between Gaussians fitted to the judge's penultimate features of those images and of the {realImages} real test images the prompts describe (not FID; lower is closer to real), the FineTune model's {baseline.FrechetJudgeFeatures:F1}: it rises when a policy drifts away from real-looking images, which APR alone need not show.\n\n"));
        if (withinNoise)
        {
            int images = (int)Math.Round((final.Apr - baseline.Apr) * final.Images);
            text.Append(Invariant(
                $"`{experiment.Reference}` rose by {final.Apr - baseline.Apr:F3} ({images} of {final.Images} images), less than two standard errors ({2 * final.AprStandardError:F3}): the target, and every arm's samples to reach it, are within the noise of the images drawn.\n\n"));
        }
        if (!rose)
        {
            text.Append($"`{experiment.Reference}` did not raise the judge APR above the FineTune model's, so there is no target to reach; compare the arms' best APR with the FineTune model's instead (a rise smaller than two standard errors is within the noise of the images drawn).\n\n");
        }
        text.Append("| arm | final judge APR | best judge APR (samples) | final diagnosis agreement | final RL reward | samples to reach target | vs reference | final Frechet (judge features) | refine wall time (s) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var arm in experiment.Arms)
        {
            var curve = Curve(points, arm.Name);
            var last = curve[^1];
            var best = curve.Where(p => p.Epoch > 0).OrderByDescending(p => p.Apr).ThenBy(p => p.SamplesSeen).FirstOrDefault() ?? last;
            long? reached = rose ? SamplesToReach.First(curve.Where(p => p.Epoch > 0), final.Apr) : null;
            string reachedText = !rose ? "n/a" : reached is { } s ? s.ToString(CultureInfo.InvariantCulture) : Invariant($"not reached in {last.SamplesSeen}");
            string ratio = reached is { } r && referenceSamples is { } d && d > 0 ? (r / (double)d).ToString("0.00", CultureInfo.InvariantCulture) : "n/a";
            // A ratio to a target inside the noise must not read as a result.
            ratio = withinNoise && ratio != "n/a" ? ratio + " (noise)" : ratio;
            string reward = last.RewardMean is { } m ? m.ToString("F3", CultureInfo.InvariantCulture) : "n/a";
            text.Append(Invariant(
                $"| {arm.Name} | {last.Apr:F3} | {best.Apr:F3} ({best.SamplesSeen}) | {last.DiagnosisAgreement:F3} | {reward} | {reachedText} | {ratio} | {last.FrechetJudgeFeatures:F1} | {refineSeconds.GetValueOrDefault(arm.Name, double.NaN):F0} |\n"));
        }

        text.Append("\n## The judge on RL's own samples\n\n");
        if (checks.Count > 0 && checks.All(c => c.CurvesSampleAlike))
        {
            static string Describe(SamplingSettings s) => Invariant($"{s.Steps} steps, eta {s.Eta:0.###}, guidance {s.GuidanceScale:0.###}");
            string samplers = checks.Select(c => c.Sampling).Distinct().Count() == 1
                ? Describe(checks[0].Sampling)
                : string.Join("; ", checks.Select(c => $"{c.Arm}: {Describe(c.Sampling)}"));
            text.Append($"The curves above draw with each arm's refine sampler ({samplers}): they are the judge on the trajectories RL scores and learns from.\n");
            return text.ToString();
        }
        text.Append("The FineTune model sampled the way refine samples the trajectories it scores and learns from, beside the sampler of the curves above (the Sample stage's). ");
        text.Append("RL can only raise what its reward sees in those trajectories: if the judge finds them near chance (diagnosis agreement near 0.5 on these balanced prompts) while the Sample stage's images are recognisable, the reward on them is close to noise and what RL learns has little to carry over.\n\n");
        text.Append("| arm | refine's sampler (steps, eta, guidance) | judge APR | diagnosis agreement | curves' sampler: judge APR | diagnosis agreement |\n|---|---|---:|---:|---:|---:|\n");
        foreach (var check in checks)
        {
            var start = Curve(points, check.Arm)[0];
            text.Append(Invariant(
                $"| {check.Arm} | {check.Sampling.Steps}, {check.Sampling.Eta:0.###}, {check.Sampling.GuidanceScale:0.###} | {check.Apr:F3} | {check.DiagnosisAgreement:F3} | {start.Apr:F3} | {start.DiagnosisAgreement:F3} |\n"));
        }
        return text.ToString();
    }

    /// <summary>One arm's points in the order RL produced them.</summary>
    internal static List<JudgeCurvePoint> Curve(IEnumerable<JudgeCurvePoint> points, string arm) =>
        points.Where(p => p.Arm == arm).OrderBy(p => p.SamplesSeen).ToList();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
