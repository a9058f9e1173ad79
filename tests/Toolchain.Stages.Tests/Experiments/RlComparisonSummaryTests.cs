using Toolchain.Diffusion.Checkpoints;
using Toolchain.Specs.Loading;
using Toolchain.Stages.Experiments;
using Toolchain.Specs.Yaml;

namespace Toolchain.Stages.Tests.Experiments;

public sealed class RlComparisonSummaryTests
{
    private static RlComparisonSpec Experiment()
    {
        MappingNode NoOverrides() => new(new SourceLocation("exp.yaml", 1, 1), "arms", []);
        return new("exp.yaml", "spec.yaml", "ddpo", 4, JudgeCurveSpacing.EveryEpochs(2), [new RlComparisonArm("ddpo", NoOverrides()), new RlComparisonArm("grpo", NoOverrides())]);
    }

    private static IEnumerable<JudgeCurvePoint> Curve(string arm, params double[] aprs) =>
        aprs.Select((apr, i) => new JudgeCurvePoint(arm, i * 2, i * 64L, i == 0 ? null : 0.5, apr, 0.7, 128, FrechetJudgeFeatures: 10 + 5 * i));

    private static readonly SamplingSettings SampleStage = new(20, 3.0, 0.0);

    private static readonly SamplerCheck[] Checks = [new("ddpo", new SamplingSettings(20, 3.0, 1.0), SampleStage, 0.023, 0.5), new("grpo", new SamplingSettings(50, 3.0, 1.0), SampleStage, 0.062, 0.625)];

    private static string Row(string markdown, string arm) => markdown.Split('\n').First(l => l.StartsWith($"| {arm} |", StringComparison.Ordinal));

    [Fact]
    public void ArmsAreMeasuredAgainstTheReferencesFinalAprWhenTheReferenceRose()
    {
        var points = Curve("ddpo", 0.10, 0.10, 0.12, 0.20).Concat(Curve("grpo", 0.10, 0.21, 0.14, 0.22)).ToList();
        var text = RlComparisonSummary.Markdown(Experiment(), points, new Dictionary<string, double> { ["ddpo"] = 100, ["grpo"] = 90 }, Checks, realImages: 120);

        Assert.Contains("the final judge APR of `ddpo`, 0.200", text, StringComparison.Ordinal);
        Assert.DoesNotContain("no target to reach", text, StringComparison.Ordinal);
        Assert.DoesNotContain("within the noise", text, StringComparison.Ordinal);
        Assert.Contains("of the 120 real test images the prompts describe (not FID; lower is closer to real), the FineTune model's 10.0", text, StringComparison.Ordinal);
        // ddpo first reaches its own final APR at its last point (192 samples); grpo already at 64: a third.
        Assert.Equal("| ddpo | 0.200 | 0.200 (192) | 0.700 | 0.500 | 192 | 1.00 | 25.0 | 100 |", Row(text, "ddpo"));
        Assert.Equal("| grpo | 0.220 | 0.220 (192) | 0.700 | 0.500 | 64 | 0.33 | 25.0 | 90 |", Row(text, "grpo"));
    }

    [Fact]
    public void ARiseOfTheReferenceWithinTwoStandardErrorsIsCalledNoise()
    {
        // 0.109 -> 0.125 on 128 images: 2 images more, s.e. 0.029.
        var points = Curve("ddpo", 0.109375, 0.109375, 0.125).Concat(Curve("grpo", 0.109375, 0.125, 0.1)).ToList();
        var text = RlComparisonSummary.Markdown(Experiment(), points, new Dictionary<string, double>(), Checks, realImages: 120);

        Assert.Contains("`ddpo` rose by 0.016 (2 of 128 images), less than two standard errors (0.058)", text, StringComparison.Ordinal);
        Assert.Equal("| grpo | 0.100 | 0.125 (64) | 0.700 | 0.500 | 64 | 0.50 (noise) | 20.0 | NaN |", Row(text, "grpo"));
    }

    [Fact]
    public void WithoutARiseOfTheReferenceThereIsNoTargetAndTheBestAprIsShown()
    {
        var points = Curve("ddpo", 0.109, 0.117, 0.094, 0.062).Concat(Curve("grpo", 0.109, 0.125, 0.102, 0.102)).ToList();
        var text = RlComparisonSummary.Markdown(Experiment(), points, new Dictionary<string, double>(), Checks, realImages: 120);

        Assert.Contains("did not raise the judge APR above the FineTune model's, so there is no target to reach", text, StringComparison.Ordinal);
        // Before, every arm "reached" 0.062 at its first point (ratio 1.00); now neither column claims anything.
        Assert.Equal("| ddpo | 0.062 | 0.117 (64) | 0.700 | 0.500 | n/a | n/a | 25.0 | NaN |", Row(text, "ddpo"));
        Assert.Equal("| grpo | 0.102 | 0.125 (64) | 0.700 | 0.500 | n/a | n/a | 25.0 | NaN |", Row(text, "grpo"));
    }

    [Fact]
    public void TheJudgeOnRefinesOwnSamplerStandsBesideTheCurvesStart()
    {
        var points = Curve("ddpo", 0.109, 0.1).Concat(Curve("grpo", 0.109, 0.1)).ToList();
        var text = RlComparisonSummary.Markdown(Experiment(), points, new Dictionary<string, double>(), Checks, realImages: 120);

        Assert.Equal("| ddpo | 20, 1, 3 | 0.023 | 0.500 | 0.109 | 0.700 |", text.Split('\n').Last(l => l.StartsWith("| ddpo |", StringComparison.Ordinal)));
        Assert.Equal("| grpo | 50, 1, 3 | 0.062 | 0.625 | 0.109 | 0.700 |", text.Split('\n').Last(l => l.StartsWith("| grpo |", StringComparison.Ordinal)));
    }

    [Fact]
    public void WhenTheCurvesAlreadySampleLikeRefineTheCheckIsNotRepeated()
    {
        var points = Curve("ddpo", 0.109, 0.1).Concat(Curve("grpo", 0.109, 0.1)).ToList();
        var refine = new SamplingSettings(5, 3.0, 1.0);
        SamplerCheck[] alike = [new("ddpo", refine, refine, 0.109, 0.7), new("grpo", refine, refine, 0.109, 0.7)];
        var text = RlComparisonSummary.Markdown(Experiment(), points, new Dictionary<string, double>(), alike, realImages: 120);

        Assert.Contains("The curves above draw with each arm's refine sampler (5 steps, eta 1, guidance 3):", text, StringComparison.Ordinal);
        Assert.DoesNotContain("| refine's sampler", text, StringComparison.Ordinal);

        // Alike within each arm, not across them: each arm's sampler is named.
        var fifty = new SamplingSettings(50, 3.0, 1.0);
        var each = RlComparisonSummary.Markdown(Experiment(), points, new Dictionary<string, double>(), [alike[0], new("grpo", fifty, fifty, 0.1, 0.7)], realImages: 120);
        Assert.Contains("(ddpo: 5 steps, eta 1, guidance 3; grpo: 50 steps, eta 1, guidance 3)", each, StringComparison.Ordinal);

        // One arm sampled otherwise: the table comes back, every arm in it.
        SamplerCheck[] mixed = [alike[0], new("grpo", refine, SampleStage, 0.062, 0.625)];
        var table = RlComparisonSummary.Markdown(Experiment(), points, new Dictionary<string, double>(), mixed, realImages: 120);
        Assert.Contains("| refine's sampler", table, StringComparison.Ordinal);
        Assert.Equal("| ddpo | 5, 1, 3 | 0.109 | 0.700 | 0.109 | 0.700 |", table.Split('\n').Last(l => l.StartsWith("| ddpo |", StringComparison.Ordinal)));
    }
}
