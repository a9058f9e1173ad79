using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Toolchain.Evaluation.Downstream;
using Toolchain.Evaluation.ImageQuality;
using Toolchain.Evaluation.Metrics;
using Toolchain.Evaluation.Report;
using Toolchain.Evaluation.Reporting;
using Toolchain.Evaluation.Tests.Plots;
using Toolchain.Vision.Networks;

namespace Toolchain.Evaluation.Tests.Reporting;

public class EvaluationReportTests
{
    /// <summary>Metrics from fabricated judge outputs: two prompts, a subgroup, three arms.</summary>
    private static JsonObject Metrics()
    {
        string[] prompts = ["melanoma with ink", "nevus with hair"];
        var random = new Toolchain.Core.DeterministicRandom(5);
        List<JudgedImage> Images(string arm, int count, double shift, double apr) => Enumerable.Range(0, count).Select(i => new JudgedImage(
            arm, prompts[i % 2], $"images/{arm}/{i}.png", arm == "real" ? null : i, [0.8f, 0.3f],
            Enumerable.Range(0, 6).Select(_ => shift + random.NextInt(1000) / 250.0).ToArray(), i < apr * count, i % 3 != 0, 0.2 + 0.01 * (i % 5))).ToList();
        var reference = Images("real", 24, 0, 0.9);
        MetricSlice[] slices =
        [
            new(MetricSlice.OverallKind, "overall", prompts.ToHashSet(), Enumerable.Range(0, 24).ToList()),
            .. prompts.Select((p, k) => new MetricSlice(MetricSlice.PromptKind, p, new HashSet<string> { p }, Enumerable.Range(0, 24).Where(i => i % 2 == k).ToList())),
            new(MetricSlice.SubgroupKind, "mel-ink", new HashSet<string> { prompts[0] }, Enumerable.Range(0, 24).Where(i => i % 2 == 0).ToList()),
        ];
        var result = ImageQualityCalculator.Compute("judge", reference, Images("real", 20, 0, 1), reference.Select(r => (r.File.Replace("real", "train"), r.Features)).ToList(),
            [("baseline", Images("baseline", 16, 1.5, 0.25)), ("refined", Images("refined", 16, 0.5, 0.5))], slices, new ImageQualitySettings(8, 4, 3, 1));
        var settings = new JsonObject { ["images_per_prompt"] = 8, ["resolution"] = 32 };
        return MetricsDocument.ToJson(result, settings, new JsonObject());
    }

    private static DownstreamResult Downstream()
    {
        // Constructed runs: 10 test images, subgroup "rare" = images 0..3 which only real+synthetic gets right.
        var options = new DownstreamOptions(new BackboneConfig(), Seeds: 2, Epochs: 3, BatchSize: 8, LearningRate: 1e-3, BootstrapSamples: 200, Seed: 3);
        TestSubgroup[] subgroups = [new("common", false, [4, 5, 6, 7, 8, 9]), new("rare", true, [0, 1, 2, 3]), new("absent", false, [])];
        DownstreamRun Run(string arm, int seed, bool rareRight)
        {
            var correct = Enumerable.Range(0, 10).Select(i => i >= 4 ? i != 9 : rareRight).ToArray();
            return new DownstreamRun(arm, seed, correct.Count(c => c) / 10.0, 0.6, 0.7,
                new Dictionary<string, double?> { ["common"] = 5 / 6.0, ["rare"] = rareRight ? 1 : 0, ["absent"] = null }, correct);
        }
        var runs = new[] { Run(DownstreamResult.RealOnlyArm, 0, false), Run(DownstreamResult.RealPlusSyntheticArm, 0, true), Run(DownstreamResult.RealOnlyArm, 1, false), Run(DownstreamResult.RealPlusSyntheticArm, 1, true) };
        return DownstreamStudy.Summarise(["MEL", "NV"], options, 30, 40, 52, 10, runs, subgroups);
    }

    private static EvaluationReportInputs Inputs(DownstreamResult? downstream) => new()
    {
        Title = "Synthetic dataset report: test",
        Subtitle = "fabricated inputs",
        SpecSummary = [new("spec", "ci"), new("prompts", "2")],
        Metrics = Metrics(),
        Samples =
        [
            new("melanoma with ink", [FakeImages.Lesion(1), FakeImages.Lesion(2)], [FakeImages.Lesion(3), FakeImages.Lesion(4)], [FakeImages.Lesion(5), FakeImages.Lesion(6)]),
            new("nevus with hair", [], [FakeImages.Lesion(7, hair: true), FakeImages.Lesion(8, hair: true)], [FakeImages.Lesion(9, hair: true), FakeImages.Lesion(10, hair: true)]),
        ],
        MemorisationCases = [new MemorisationCase(FakeImages.Lesion(11), FakeImages.Lesion(11), 0.0, "baseline seed 3", "train/11.png")],
        GeneratedImages = 32,
        Rewards = new RewardCurve([1, 2, 3], [0.2, 0.35, 0.5], [0.1, 0.1, 0.08], ["main", "main", "main"]),
        Downstream = downstream,
        InputDigests = [new("prepare", "abc123"), new("evaluate", "def456")],
        Environment = [new("threads", "2")],
    };

    [Fact]
    public void FullReportIsSelfContainedAndNamesJudgeFeatureMetricsHonestly()
    {
        var document = EvaluationReportBuilder.Build(Inputs(Downstream()));
        var html = HtmlReportRenderer.Render(document);

        Assert.DoesNotMatch(new Regex("(src|href)=\"(?!data:|#)", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain(">FID<", html);
        Assert.Contains("Frechet distance (judge features)", html);
        Assert.Contains("Did the synthetic data help?", html);
        Assert.Contains("rare (rare)", html);
        Assert.Matches(">melanoma with ink</th>\\s*<td[^>]*>12</td>", html); // real test images of the prompt
        Assert.Contains("not measurable: no real test images in this subgroup: absent", html);
        var headings = document.Sections.Select(s => s.Heading).ToList();
        Assert.Equal(["Spec summary", "Image metrics: real vs baseline vs refined", "RL refinement", "Samples per prompt",
            "Memorisation: generated images closest to a training image", "Downstream classifier: real only vs real + synthetic", "Provenance"], headings);
        var verdicts = document.Sections.SelectMany(s => s.Blocks).OfType<VerdictList>().Single();
        Assert.Equal(["overall", "rare", "common"], verdicts.Lines.Select(l => l.Subject));
        Assert.Equal(Verdict.Helped, verdicts.Lines[1].Verdict);

        // Written for build/check-report.sh (a visual check in headless Chromium).
        var folder = Path.Combine(AppContext.BaseDirectory, "evaluation-report");
        Directory.CreateDirectory(folder);
        HtmlReportRenderer.Write(document, Path.Combine(folder, "report.html"));
        Assert.Equal(html, HtmlReportRenderer.Render(EvaluationReportBuilder.Build(Inputs(Downstream()))));
    }

    [Fact]
    public void ReportWithoutDownstreamSaysWhereItIs()
    {
        var html = HtmlReportRenderer.Render(EvaluationReportBuilder.Build(Inputs(null)));
        Assert.Contains("the Retrain stage writes the full report", html);
    }
}
