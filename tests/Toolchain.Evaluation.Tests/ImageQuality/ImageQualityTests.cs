using System.Text.Json.Nodes;
using Toolchain.Evaluation.ImageQuality;
using Toolchain.Evaluation.Metrics;

namespace Toolchain.Evaluation.Tests.ImageQuality;

public class ImageQualityTests
{
    private static readonly string[] Prompts = ["p-a", "p-b"];

    /// <summary>Judged images with 4-d Gaussian features centred on <paramref name="centre"/>; every image's prompt alternates.</summary>
    private static List<JudgedImage> Images(string arm, int count, double centre, double aprShare, ulong seed)
    {
        var random = new Toolchain.Core.DeterministicRandom(seed);
        double Normal()
        {
            double u1 = (random.NextUInt64() >> 11) * (1.0 / (1UL << 53)) + 1e-12, u2 = (random.NextUInt64() >> 11) * (1.0 / (1UL << 53));
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return Enumerable.Range(0, count).Select(i => new JudgedImage(
            arm, Prompts[i % 2], $"{arm}/{i}.png", arm == "real" ? null : i,
            [0.9f, 0.1f], Enumerable.Range(0, 4).Select(_ => centre + Normal()).ToArray(),
            ArtifactsMatch: i < aprShare * count, DiagnosisMatches: true, ClipCosine: 0.25)).ToList();
    }

    private static IReadOnlyList<MetricSlice> Slices(IReadOnlyList<JudgedImage> reference) =>
    [
        new(MetricSlice.OverallKind, "overall", Prompts.ToHashSet(), Enumerable.Range(0, reference.Count).ToList()),
        .. Prompts.Select(p => new MetricSlice(MetricSlice.PromptKind, p, new HashSet<string> { p },
            reference.Select((r, i) => (r, i)).Where(x => x.r.Prompt == p).Select(x => x.i).ToList())),
        new(MetricSlice.SubgroupKind, "empty-subgroup", new HashSet<string> { "p-a" }, []),
    ];

    private static ImageQualityResult Compute(out List<JudgedImage> generated, List<(string, double[])>? training = null)
    {
        var reference = Images("real", 60, 0, 0.8, 1);
        var baseline = Images("baseline", 40, 3, 0.25, 2);
        var refined = Images("refined", 40, 0.5, 0.5, 3);
        generated = [.. baseline, .. refined];
        training ??= Images("real", 30, 0, 1, 9).Select((t, i) => ($"train/{i}.png", t.Features)).ToList();
        return ImageQualityCalculator.Compute("judge", reference, Images("real", 50, 0, 1, 4), training,
            [("baseline", baseline), ("refined", refined)], Slices(reference), new ImageQualitySettings(20, 5, 3, 17));
    }

    [Fact]
    public void CloserDistributionScoresBetterAndAprIsTheShareOfFullMatches()
    {
        var result = Compute(out _);
        var baseline = result.Arm("baseline").Overall;
        var refined = result.Arm("refined").Overall;

        Assert.Equal(0.25, baseline.Apr);
        Assert.Equal(0.5, refined.Apr);
        Assert.True(refined.FrechetJudgeFeatures < baseline.FrechetJudgeFeatures, $"{refined.FrechetJudgeFeatures} vs {baseline.FrechetJudgeFeatures}");
        Assert.True(refined.KidJudgeFeatures < baseline.KidJudgeFeatures);
        Assert.True(refined.Precision > baseline.Precision);
        Assert.Equal(25, refined.ClipScore!.Value, 6);
        // Equal N on both sides: 40 generated against 40 of the 60 reference images.
        Assert.Equal(40, baseline.Compared);
        Assert.Equal(60, baseline.ReferenceImages);
        // The real floor (val vs test, same distribution) is far below the shifted baseline.
        Assert.True(result.Arm("real").Overall.FrechetJudgeFeatures < baseline.FrechetJudgeFeatures);
        Assert.Equal(0.8, result.Arm("real").Overall.Apr!.Value, 6);
    }

    [Fact]
    public void SliceWithoutReferenceImagesIsNullNotZero()
    {
        var subgroup = Compute(out _).Arm("refined").PerSubgroup.Single().Metrics;
        Assert.Equal(20, subgroup.Images);
        Assert.Null(subgroup.FrechetJudgeFeatures);
        Assert.Null(subgroup.Precision);
        Assert.NotNull(subgroup.Apr);
        Assert.Equal(0, subgroup.Compared);
    }

    [Fact]
    public void ACopiedTrainingImageIsTheClosestMemorisationCase()
    {
        var reference = Images("real", 10, 0, 1, 1);
        var generated = Images("baseline", 10, 0, 1, 2);
        var training = new List<(string, double[])> { ("train/far.png", [50, 50, 50, 50]), ("train/copied.png", generated[3].Features) };
        var result = ImageQualityCalculator.Compute("judge", reference, [], training, [("baseline", generated)], Slices(reference), new ImageQualitySettings(5, 2, 3, 1));

        var closest = result.Nearest.MinBy(n => n.Distance)!;
        Assert.Equal(("baseline/3.png", "train/copied.png", 0.0), (closest.GeneratedFile, closest.TrainingFile, closest.Distance));
        Assert.Equal(0.0, result.Arm("baseline").Memorisation!.Min);
        Assert.Null(result.Arm("real").Overall.FrechetJudgeFeatures); // no floor images given
    }

    [Fact]
    public void MetricsJsonHasTheDocumentedKeysAtTheTopOfEachSection()
    {
        var result = Compute(out _);
        var json = JsonNode.Parse(MetricsDocument.Serialize(MetricsDocument.ToJson(result, new JsonObject(), new JsonObject())))!;

        Assert.Equal(0.25, json["baseline"]!["apr"]!.GetValue<double>());
        Assert.Equal(0.5, json["refined"]!["apr"]!.GetValue<double>());
        foreach (var arm in new[] { "real", "baseline", "refined" })
        {
            foreach (var key in new[] { "apr", "diagnosis_agreement", "clip_score", "frechet_judge_features", "kid_judge_features", "precision", "recall", "diversity_judge_features", "per_prompt", "per_subgroup", "images", "compared" })
            {
                Assert.True(json[arm]!.AsObject().ContainsKey(key), $"{arm}.{key} missing");
                if (key != "per_prompt" && key != "per_subgroup" && key != "images" && key != "compared")
                {
                    Assert.True(json["definitions"]!.AsObject().ContainsKey(key), $"definition of {key} missing");
                }
            }
        }
        Assert.NotNull(json["baseline"]!["memorisation"]!["median"]);
        Assert.NotNull(json["refined"]!["per_prompt"]!["p-a"]!["apr"]);
        Assert.DoesNotContain("\"fid\"", json.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"diversity_lpips\"", json.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void InceptionFeaturesGiveFidAndKidAndLpipsGivesItsDiversityUnderTheirOwnNames()
    {
        // Inception features: the judge features shifted, so FID differs from the judge-feature distance.
        static List<JudgedImage> WithInception(List<JudgedImage> images, double shift) =>
            images.Select(i => i with { InceptionFeatures = i.Features.Select(f => f * 2 + shift).ToArray() }).ToList();
        var reference = WithInception(Images("real", 40, 0, 0.8, 1), 0);
        var baseline = WithInception(Images("baseline", 40, 3, 0.25, 2), 1);
        double? Lpips(string arm, string prompt) => prompt == "p-a" ? 0.2 : 0.4;
        var result = ImageQualityCalculator.Compute("judge", reference, [], [], [("baseline", baseline)], Slices(reference),
            new ImageQualitySettings(20, 5, 3, 17), Lpips);

        var overall = result.Arm("baseline").Overall;
        // 40 against 40: nothing is subsampled, so FID is the Frechet distance of the Inception features themselves.
        double expected = FrechetDistance.Compute(
            new FeatureMatrix("inception", reference.Select(i => i.InceptionFeatures!).ToArray()),
            new FeatureMatrix("inception", baseline.Select(i => i.InceptionFeatures!).ToArray()));
        Assert.Equal(expected, overall.Fid!.Value, 9);
        Assert.NotEqual(overall.FrechetJudgeFeatures!.Value, overall.Fid.Value, 3);
        Assert.NotNull(overall.KidInception);
        Assert.Equal(0.3, overall.DiversityLpips!.Value, 12);
        Assert.Equal(0.2, result.Arm("baseline").PerPrompt.Single(p => p.Prompt == "p-a").Metrics.DiversityLpips!.Value, 12);

        var json = JsonNode.Parse(MetricsDocument.Serialize(MetricsDocument.ToJson(result, new JsonObject(), new JsonObject())))!;
        Assert.Equal(overall.Fid.Value, json["baseline"]!["fid"]!.GetValue<double>(), 9);
        Assert.NotNull(json["baseline"]!["kid_sd"]);
        Assert.Equal(0.3, json["baseline"]!["diversity_lpips"]!.GetValue<double>(), 12);
        Assert.Contains("Inception-v3", json["definitions"]!["fid"]!.GetValue<string>());
    }

    [Fact]
    public void PerImageTableHasOneRowPerGeneratedImageAndIsDeterministic()
    {
        var result = Compute(out var generated);
        var csv = PerImageTable.ToCsv(generated, ["hair", "MEL"], result.Nearest);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("arm,prompt,file,seed,p_hair,p_MEL,artifacts_match,diagnosis_match,clip_cosine,nearest_training,nearest_training_distance", lines[0]);
        Assert.Equal(81, lines.Length);
        Assert.StartsWith("baseline,p-a,baseline/0.png,0,0.9,0.1,1,1,0.25,train/", lines[1]);
        var again = Compute(out var generatedAgain);
        Assert.Equal(csv, PerImageTable.ToCsv(generatedAgain, ["hair", "MEL"], again.Nearest));
        Assert.Equal(MetricsDocument.Serialize(MetricsDocument.ToJson(result, new JsonObject(), new JsonObject())),
            MetricsDocument.Serialize(MetricsDocument.ToJson(again, new JsonObject(), new JsonObject())));
    }
}
