using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toolchain.Evaluation.ImageQuality;

/// <summary>
/// metrics.json: one section per arm ("real", "baseline", "refined") with the overall metrics at the top level of
/// the section (so <c>baseline.apr</c> and <c>refined.apr</c> are found at once), then <c>per_prompt</c> and
/// <c>per_subgroup</c> maps and, for generated arms, <c>memorisation</c>; a <c>definitions</c> object explains
/// every key. The caller adds <c>settings</c> and <c>provenance</c>.
/// </summary>
public static class MetricsDocument
{
    public const string FileName = "metrics.json";

    public static readonly IReadOnlyDictionary<string, string> Definitions = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["real"] = "the real reference itself: the judge's APR / diagnosis agreement on real test images (a ceiling); frechet/kid/precision/recall compare the val split with the test split at equal N (a floor)",
        ["baseline"] = "images from the FineTune model (no RL)",
        ["refined"] = "images from the FineTune model with Refine's LoRA adapters; same prompts, seeds and sampler settings as baseline",
        ["images"] = "images of the arm in the slice",
        ["reference_images"] = "real test-split images in the slice (the reference the distribution metrics compare against)",
        ["compared"] = "images per side actually compared by frechet/kid/precision/recall: min(images, reference_images), the larger side subsampled with a fixed seed",
        ["apr"] = "artifact prevalence rate: share of images whose judge-thresholded artifact labels all equal the prompt's artifact labels",
        ["diagnosis_agreement"] = "share of images whose most probable judge diagnosis head is the prompt's diagnosis",
        ["clip_score"] = "100 x mean(max(cos(VLFM image embedding, VLFM prompt embedding), 0)); null when no VLFM was trained",
        ["skin_tone"] = "per arm and for the real test images: each image's median Rec. 601 luma (0-255; the median pixel is skin, not lesion) summarised over the images (mean, standard deviation, 10th and 90th percentiles); a generator that draws one averaged skin tone has a standard deviation near 0",
        ["frechet_judge_features"] = "Frechet distance between Gaussians fitted to the judge classifier's penultimate (pooled) features of the arm and of the reference. NOT FID: FID needs Inception-v3 pool features",
        ["kid_judge_features"] = "unbiased squared MMD with the cubic polynomial kernel on judge features, mean over random subsets (kid_judge_features_sd: sd over subsets). NOT KID on Inception features",
        ["precision"] = "improved precision (k-NN manifolds, k = pr_k) on judge features: share of generated images inside the real manifold",
        ["recall"] = "improved recall on judge features: share of real images inside the generated manifold",
        ["diversity_judge_features"] = "within-prompt diversity: mean over prompts of the mean pairwise Euclidean distance between that prompt's images' judge features",
        ["fid"] = "FID: Frechet distance between Gaussians fitted to the 2048-d pool features of the FID Inception-v3 (pytorch-fid's pt_inception-2015-12-05 weights, images resized bilinearly to 299x299) of the arm and of the reference, at the compared N; null when evaluate.inception_weights is not set",
        ["kid"] = "KID on the same Inception-v3 pool features (unbiased squared MMD, cubic polynomial kernel, mean over random subsets; kid_sd: sd over subsets); null without inception_weights",
        ["diversity_lpips"] = "within-prompt diversity by LPIPS v0.1 (AlexNet): mean over prompts of the mean pairwise LPIPS distance between that prompt's images, at the generated resolution; null when evaluate.lpips_weights is not set",
        ["memorisation"] = "distribution of each generated image's judge-feature distance to its nearest train-split image (small = possible copy)",
        ["per_prompt"] = "the same metrics for each prompt's images and the real test images that prompt describes",
        ["per_subgroup"] = "the same metrics for the prompts a subgroup's conditions allow and the real test images in the subgroup",
        ["null"] = "not measurable on this slice (too few images, k >= images, or no VLFM); never a stand-in for zero",
    };

    /// <remarks><c>fid</c>/<c>kid</c> and <c>diversity_lpips</c> appear only when their networks' weights were supplied, so a
    /// document without them has no key that could be mistaken for FID.</remarks>
    public static JsonObject ToJson(ImageQualityResult result, JsonObject settings, JsonObject provenance)
    {
        bool inception = result.Arms.Any(a => a.Overall.Fid is not null);
        bool lpips = result.Arms.Any(a => a.Overall.DiversityLpips is not null);
        JsonObject Slice(SliceMetrics m) => SliceJson(m, inception, lpips);
        var root = new JsonObject
        {
            ["feature_space"] = result.FeatureSpace,
            ["settings"] = settings,
        };
        foreach (var arm in result.Arms)
        {
            var section = Slice(arm.Overall);
            if (arm.Memorisation is { } m)
            {
                section["memorisation"] = new JsonObject
                {
                    ["images"] = m.Images,
                    ["min"] = m.Min,
                    ["p05"] = m.P05,
                    ["median"] = m.Median,
                    ["mean"] = m.Mean,
                    ["max"] = m.Max,
                };
            }
            section["per_prompt"] = new JsonObject(arm.PerPrompt.Select(p => KeyValuePair.Create(p.Prompt, (JsonNode?)Slice(p.Metrics))));
            section["per_subgroup"] = new JsonObject(arm.PerSubgroup.Select(p => KeyValuePair.Create(p.Subgroup, (JsonNode?)Slice(p.Metrics))));
            root[arm.Arm] = section;
        }
        root["definitions"] = new JsonObject(Definitions
            .Where(d => (inception || d.Key is not ("fid" or "kid")) && (lpips || d.Key != "diversity_lpips"))
            .Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value)));
        root["provenance"] = provenance;
        return root;
    }

    public static string Serialize(JsonObject document) =>
        document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    private static JsonObject SliceJson(SliceMetrics m, bool inception, bool lpips)
    {
        var json = new JsonObject
        {
            ["images"] = m.Images,
            ["reference_images"] = m.ReferenceImages,
            ["compared"] = m.Compared,
            ["apr"] = m.Apr,
            ["diagnosis_agreement"] = m.DiagnosisAgreement,
            ["clip_score"] = m.ClipScore,
            ["frechet_judge_features"] = m.FrechetJudgeFeatures,
            ["kid_judge_features"] = m.KidJudgeFeatures,
            ["kid_judge_features_sd"] = m.KidJudgeFeaturesSd,
            ["precision"] = m.Precision,
            ["recall"] = m.Recall,
            ["diversity_judge_features"] = m.DiversityJudgeFeatures,
        };
        if (inception)
        {
            json["fid"] = m.Fid;
            json["kid"] = m.KidInception;
            json["kid_sd"] = m.KidInceptionSd;
        }
        if (lpips)
        {
            json["diversity_lpips"] = m.DiversityLpips;
        }
        return json;
    }
}
