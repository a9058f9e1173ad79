using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Data.Canonical;
using Toolchain.Data.Prompts;
using Toolchain.Data.Subgroups;
using Toolchain.Evaluation.ImageQuality;
using Toolchain.Evaluation.Plots;
using Toolchain.Vision;
using Toolchain.Vision.Inception;
using Toolchain.Vision.Lpips;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Stages.Evaluate;

/// <summary>
/// Evaluate's work once its models are loaded: sample every prompt with fixed seeds from each model, judge
/// generated and real images, compute the image metrics per slice, and write images/, metrics.json and
/// per_image.csv into <paramref name="OutputDirectory"/>. <paramref name="Vlfm"/> (when trained) gives the CLIP score;
/// <paramref name="Inception"/> (FID weights supplied) FID and KID on its pool features; <paramref name="Lpips"/>
/// (weights supplied) the within-prompt LPIPS diversity.
/// </summary>
public sealed record EvaluationRun(
    string DatasetFolder,
    CanonicalDataset Dataset,
    PromptTemplate Template,
    IReadOnlyList<SubgroupDefinition> Subgroups,
    EvaluationSettings Settings,
    int Resolution,
    long Seed,
    IImageJudge Judge,
    IReadOnlyList<(string Arm, IPromptSampler Sampler)> Models,
    string OutputDirectory,
    IPromptImageScorer? Vlfm = null,
    FidInceptionV3? Inception = null,
    LpipsAlex? Lpips = null)
{
    public const string ImagesFolder = "images";

    public ImageQualityResult Execute(JsonObject provenance, Action<string>? log = null)
    {
        if (!Template.IsEnumerable)
        {
            throw new ToolchainError($"evaluate needs an enumerable prompt template (diagnosis and artifact slots only); '{Template.Text}' takes values from records", 2);
        }
        var prompts = Template.Enumerate();
        var agreement = new PromptAgreement(Judge, Template);
        var conditionsOf = prompts.ToDictionary(p => p.Prompt, p => p.Conditions, StringComparer.Ordinal);

        List<JudgedImage> JudgeAll(string arm, IReadOnlyList<RgbImage> images, IReadOnlyList<string> promptOf, IReadOnlyList<string> files, IReadOnlyList<long?> seeds)
        {
            if (images.Count == 0)
            {
                return [];
            }
            var (probabilities, features) = Judge.Judge(images);
            var cosines = Vlfm?.Cosines(images, promptOf);
            var inception = Inception is null ? null : InceptionFeatures(Inception, images);
            return images.Select((_, i) =>
            {
                var conditions = conditionsOf[promptOf[i]];
                return new JudgedImage(arm, promptOf[i], files[i], seeds[i], probabilities[i], features[i],
                    agreement.ArtifactsAgree(probabilities[i], conditions),
                    agreement.DiagnosisAgrees(probabilities[i], conditions),
                    cosines?[i],
                    inception?[i]);
            }).ToList();
        }

        List<(CanonicalRecord Record, string Prompt)> Described(string split) => DescribedRecords.Of(Dataset, Template, split);
        var skinTones = new JsonObject();
        List<JudgedImage> JudgeReal(string split)
        {
            var records = Described(split);
            var images = records.Select(r => RgbFiles.Read(Path.Combine(DatasetFolder, r.Record.FileName), Resolution)).ToList();
            if (split == SplitNames.Test && images.Count > 0)
            {
                skinTones["real"] = SkinToneJson(SkinToneSpread.Of(images));
            }
            return JudgeAll("real", images, records.Select(r => r.Prompt).ToList(), records.Select(r => r.Record.FileName).ToList(), records.Select(_ => (long?)null).ToList());
        }
        var testRecords = Described(SplitNames.Test);
        var reference = JudgeReal(SplitNames.Test);
        if (reference.Count == 0)
        {
            throw new ToolchainError("the test split has no image a prompt describes: there is no real reference to evaluate against");
        }
        var floor = JudgeReal(SplitNames.Val);
        var trainRecords = Dataset.Records.Where(r => r.Split == SplitNames.Train).ToList();
        var trainImages = trainRecords.Select(r => RgbFiles.Read(Path.Combine(DatasetFolder, r.FileName), Resolution)).ToList();
        var training = trainImages.Count == 0 ? [] : Judge.Judge(trainImages).Features.Select((f, i) => (trainRecords[i].FileName, f)).ToList();
        log?.Invoke($"judged {reference.Count} test, {floor.Count} val and {training.Count} train images");

        var generated = new List<(string Arm, IReadOnlyList<JudgedImage> Images)>();
        var draws = EvaluationDraw.For(prompts, Settings.ImagesPerPrompt, Seed);
        var promptList = draws.Select(d => d.Prompt).ToList();
        var seedList = draws.Select(d => d.Seed).ToList();
        var fileList = draws.Select(d => string.Create(CultureInfo.InvariantCulture, $"p{d.PromptIndex:000}-{d.Sample:000}.png")).ToList();
        var lpips = new Dictionary<(string Arm, string Prompt), double>();
        foreach (var (arm, sampler) in Models)
        {
            var images = sampler.Sample(promptList, seedList);
            if (images.Count != promptList.Count || images.Any(i => i.Width != Resolution || i.Height != Resolution))
            {
                throw new ToolchainError($"the {arm} model returned {images.Count} images for {promptList.Count} prompts, or not at {Resolution}x{Resolution}");
            }
            var files = fileList.Select(f => $"{ImagesFolder}/{arm}/{f}").ToList();
            for (int i = 0; i < images.Count; i++)
            {
                var path = Path.Combine(OutputDirectory, files[i]);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, images[i].ToPng());
            }
            generated.Add((arm, JudgeAll(arm, images, promptList, files, seedList.Select(s => (long?)s).ToList())));
            skinTones[arm] = SkinToneJson(SkinToneSpread.Of(images));
            if (Lpips is not null)
            {
                foreach (var (prompt, value) in WithinPromptLpips(Lpips, images, promptList))
                {
                    lpips[(arm, prompt)] = value;
                }
            }
            log?.Invoke($"{arm}: sampled and judged {images.Count} images");
        }

        var slices = new List<MetricSlice>
        {
            new(MetricSlice.OverallKind, "overall", prompts.Select(p => p.Prompt).ToHashSet(StringComparer.Ordinal), Enumerable.Range(0, reference.Count).ToList()),
        };
        slices.AddRange(prompts.Select(p => new MetricSlice(MetricSlice.PromptKind, p.Prompt, new HashSet<string>(StringComparer.Ordinal) { p.Prompt },
            reference.Select((r, i) => (r, i)).Where(x => x.r.Prompt == p.Prompt).Select(x => x.i).ToList())));
        slices.AddRange(Subgroups.Select(s => new MetricSlice(MetricSlice.SubgroupKind, s.Name,
            prompts.Where(p => s.IsCompatible(p.Conditions, Template)).Select(p => p.Prompt).ToHashSet(StringComparer.Ordinal),
            testRecords.Select((r, i) => (r, i)).Where(x => s.Matches(x.r.Record)).Select(x => x.i).ToList())));

        var result = ImageQualityCalculator.Compute(Judge.FeatureSpace, reference, floor, training, generated, slices,
            new ImageQualitySettings(Settings.KidSubsetSize, Settings.KidSubsets, Settings.PrK, unchecked((ulong)Seed)),
            Lpips is null ? null : (arm, prompt) => lpips.TryGetValue((arm, prompt), out var value) ? value : null);
        var settings = new JsonObject
        {
            ["images_per_prompt"] = Settings.ImagesPerPrompt,
            ["prompts"] = prompts.Count,
            ["resolution"] = Resolution,
            ["kid_subset_size"] = Settings.KidSubsetSize,
            ["kid_subsets"] = Settings.KidSubsets,
            ["pr_k"] = Settings.PrK,
            ["real_reference"] = "test split (the judge was trained on the judge split)",
            ["real_floor"] = "val split",
            ["memorisation_reference"] = "train split",
            ["fid_network"] = Inception is null ? null : $"FID Inception-v3 pool features (2048-d), images resized bilinearly from {Resolution} to {FidInceptionV3.InputSize} px: {Path.GetFileName(Settings.InceptionWeights)}",
            ["lpips_network"] = Lpips is null ? null : $"LPIPS v0.1 AlexNet at {Resolution} px: {Path.GetFileName(Settings.LpipsWeights)}",
        };
        var document = MetricsDocument.ToJson(result, settings, provenance);
        document["skin_tone"] = skinTones;
        File.WriteAllText(Path.Combine(OutputDirectory, MetricsDocument.FileName), MetricsDocument.Serialize(document), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(OutputDirectory, PerImageTable.FileName),
            PerImageTable.ToCsv(generated.SelectMany(g => g.Images).ToList(), Judge.Labels, result.Nearest), new UTF8Encoding(false));
        return result;
    }

    /// <summary>Per arm (and the real test images): the spread of per-image median luma, see <see cref="SkinToneSpread"/>.</summary>
    private static JsonObject SkinToneJson(SkinToneSpread.Result tone) => new()
    {
        ["images"] = tone.Images,
        ["median_luma_mean"] = Math.Round(tone.MeanLuma, 3),
        ["median_luma_std"] = Math.Round(tone.LumaStd, 3),
        ["median_luma_p10"] = Math.Round(tone.LumaP10, 3),
        ["median_luma_p90"] = Math.Round(tone.LumaP90, 3),
    };

    /// <summary>Inception pool features of the images, in their order.</summary>
    private static double[][] InceptionFeatures(FidInceptionV3 inception, IReadOnlyList<RgbImage> images)
    {
        using var scope = NewDisposeScope();
        var batch = ImageBatch.FromRgb(images.Select(i => i.Pixels).ToList(), images[0].Height, images[0].Width);
        return FeatureRows.Of(inception.Features(batch, batchSize: 16));
    }

    /// <summary>Per prompt with at least two images: the mean LPIPS distance over every pair of its images.</summary>
    private static IEnumerable<(string Prompt, double Mean)> WithinPromptLpips(LpipsAlex lpips, IReadOnlyList<RgbImage> images, IReadOnlyList<string> promptOf)
    {
        if (images.Count > 0 && Math.Min(images[0].Width, images[0].Height) < LpipsAlex.MinimumSize)
        {
            throw new ToolchainError($"evaluate.lpips_weights: LPIPS (AlexNet) needs images of at least {LpipsAlex.MinimumSize} px; these are {images[0].Width} px");
        }
        foreach (var group in promptOf.Select((p, i) => (p, i)).GroupBy(x => x.p, StringComparer.Ordinal))
        {
            var indices = group.Select(x => x.i).ToList();
            if (indices.Count < 2)
            {
                continue;
            }
            var pairs = indices.SelectMany((a, n) => indices.Skip(n + 1).Select(b => (a, b))).ToList();
            using var scope = NewDisposeScope();
            var left = ImageBatch.FromRgb(pairs.Select(p => images[p.a].Pixels).ToList(), images[0].Height, images[0].Width);
            var right = ImageBatch.FromRgb(pairs.Select(p => images[p.b].Pixels).ToList(), images[0].Height, images[0].Width);
            yield return (group.Key, lpips.forward(left, right).mean().item<float>());
        }
    }
}
