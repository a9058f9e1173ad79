using System.Globalization;
using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Data.Canonical;
using Toolchain.Evaluation.Downstream;
using Toolchain.Evaluation.ImageQuality;
using Toolchain.Evaluation.Report;
using Toolchain.Evaluation.Reporting;
using Toolchain.Pipeline.Cache;
using Toolchain.Pipeline.Manifests;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Prepare;
using Toolchain.Stages.Running;
using Toolchain.Stages.Translation;

namespace Toolchain.Stages.Evaluate;

/// <summary>
/// Assembles report.html from Evaluate's outputs (metrics.json, per_image.csv, images/, reward_curve.csv), the
/// prepared dataset (real samples, nearest training images) and, from Retrain, the downstream study. Both stages
/// call it: Evaluate without the downstream section, Retrain with it (the final report).
/// </summary>
public static class EvaluationReportFiles
{
    public const string ReportFile = "report.html";
    public const string RewardCurveFile = "reward_curve.csv";
    private const int SamplesPerSource = 3;
    private const int MemorisationCaseCount = 6;

    public static void WriteReport(StageContext context, string evaluateOutputs, DownstreamResult? downstream, string path)
    {
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(evaluateOutputs, MetricsDocument.FileName)))!.AsObject();
        var datasetFolder = Path.Combine(context.Input(StageCatalog.Prepare), PrepareStage.DatasetFolder);
        var dataset = CanonicalDatasetReader.Read(datasetFolder);
        var template = DatasetTranslation.Template(context.Spec.Dataset);
        var rows = ReadPerImage(Path.Combine(evaluateOutputs, PerImageTable.FileName));

        var samples = rows.Select(r => r.Prompt).Distinct().Select(prompt => new PromptSamples(
            prompt,
            dataset.Records.Where(r => r.Split == SplitNames.Test && template.TryRender(r, out _) == prompt).Take(SamplesPerSource)
                .Select(r => RgbFiles.Read(Path.Combine(datasetFolder, r.FileName))).ToList(),
            rows.Where(r => r.Prompt == prompt && r.Arm == "baseline").Take(SamplesPerSource).Select(r => RgbFiles.Read(Path.Combine(evaluateOutputs, r.File))).ToList(),
            rows.Where(r => r.Prompt == prompt && r.Arm == "refined").Take(SamplesPerSource).Select(r => RgbFiles.Read(Path.Combine(evaluateOutputs, r.File))).ToList()))
            .ToList();
        var cases = rows.Where(r => r.NearestTraining is not null)
            .OrderBy(r => r.NearestDistance).ThenBy(r => r.File, StringComparer.Ordinal)
            .Take(MemorisationCaseCount)
            .Select(r => new MemorisationCase(
                RgbFiles.Read(Path.Combine(evaluateOutputs, r.File)),
                RgbFiles.Read(Path.Combine(datasetFolder, r.NearestTraining!)),
                r.NearestDistance!.Value,
                $"{r.Arm}, seed {r.Seed}: {r.Prompt}",
                r.NearestTraining!))
            .ToList();

        var inputDigests = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (metrics["provenance"]?["input_digests"] is JsonObject upstream)
        {
            foreach (var (stage, digest) in upstream)
            {
                inputDigests[stage] = digest!.GetValue<string>();
            }
        }
        foreach (var (stage, digest) in InputDigests(context))
        {
            inputDigests[stage] = digest;
        }
        var input = new EvaluationReportInputs
        {
            // No spec name, release name or version, pipeline name: this stage's key does not cover them, so a cached
            // report would keep an old one. The release's datasheet names the release and links this report.
            Title = "Synthetic dataset report",
            Subtitle = "FineTune model vs refined model vs real test images, as the held-out judge sees them",
            SpecSummary = SpecSummary(context, dataset),
            Metrics = metrics,
            Samples = samples,
            MemorisationCases = cases,
            GeneratedImages = rows.Count,
            Rewards = ReadRewardCurve(Path.Combine(evaluateOutputs, RewardCurveFile)),
            Downstream = downstream,
            InputDigests = inputDigests.ToList(),
            Environment = Environment(context),
        };
        HtmlReportRenderer.Write(EvaluationReportBuilder.Build(input), path);
    }

    /// <summary>
    /// Output digests of this stage's inputs (SHA-256 of each input's manifest, as the lock file records them).
    /// Not the inputs' cache keys: the digests are part of this stage's own key and the keys are not, so an
    /// output holding keys would change while its key stays the same (a settings edit upstream that leaves
    /// the bytes alone), and a rebuild could not match it.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> InputDigests(StageContext context) =>
        context.InputDirectories.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, OutputDigest(kv.Value)));

    // An input folder is <cache>/<stage>/<key>/outputs with the manifest beside it; a bare folder is hashed.
    private static string OutputDigest(string outputs)
    {
        var entry = CacheLayout.EntryOfOutputs(outputs);
        var manifest = entry is null ? null : Path.Combine(entry, CacheLayout.ManifestFile);
        return (File.Exists(manifest) ? Manifest.Read(manifest) : Manifest.Create(outputs)).Digest;
    }

    public static IReadOnlyList<KeyValuePair<string, string>> Environment(StageContext context) =>
    [
        new("toolchain", typeof(EvaluationReportFiles).Assembly.GetName().Version?.ToString() ?? "?"),
        .. context.Environment.ToDictionary(),
        new(".NET", System.Environment.Version.ToString()),
        new("spec seed", context.Spec.Dataset.Seed.ToString(CultureInfo.InvariantCulture)),
    ];

    private static IReadOnlyList<KeyValuePair<string, string>> SpecSummary(StageContext context, CanonicalDataset dataset)
    {
        var spec = context.Spec.Dataset;
        var splits = string.Join(", ", SplitNames.All.Select(s => $"{s} {dataset.Records.Count(r => r.Split == s)}"));
        var plan = SubgroupPlan.Build(spec, dataset.Records);
        return
        [
            new("data", $"{spec.Data.Source}, {dataset.Records.Count} images ({splits})"),
            new("prompt template", DatasetTranslation.Template(spec).Text),
            new("subgroups", string.Join("; ", plan.Subgroups.Select(s => plan.RareNames.Contains(s.Name) ? s.Name + " (rare)" : s.Name))),
            new("quotas", string.Join("; ", plan.Quotas.Subgroups.Where(q => q.Synthetic > 0).Select(q => $"{q.Subgroup.Name}: {q.Synthetic}"))),
        ];
    }

    private sealed record PerImageRow(string Arm, string Prompt, string File, string Seed, string? NearestTraining, double? NearestDistance);

    private static List<PerImageRow> ReadPerImage(string path) =>
        StageCsv.Read(path, "arm", "prompt", "file", "seed", "nearest_training", "nearest_training_distance")
            .Select(r => new PerImageRow(r["arm"], r["prompt"], r["file"], r["seed"],
                r["nearest_training"].Length == 0 ? null : r["nearest_training"],
                r["nearest_training_distance"].Length == 0 ? null : double.Parse(r["nearest_training_distance"], CultureInfo.InvariantCulture)))
            .ToList();

    /// <summary>Evaluate's copy of Refine's reward per epoch (epoch, phase, reward_mean, reward_std), or null without Refine.</summary>
    private static RewardCurve? ReadRewardCurve(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var rows = StageCsv.Read(path, "epoch", "phase", "reward_mean", "reward_std");
        var epochs = rows.Select(r => double.Parse(r["epoch"], CultureInfo.InvariantCulture)).ToList();
        var mean = rows.Select(r => double.Parse(r["reward_mean"], CultureInfo.InvariantCulture)).ToList();
        var sd = rows.Select(r => double.Parse(r["reward_std"], CultureInfo.InvariantCulture)).ToList();
        var phases = rows.Select(r => r["phase"]).ToList();
        if (epochs.Count == 0)
        {
            throw new ToolchainError($"{path} has no rows");
        }
        return new RewardCurve(epochs, mean, sd, phases);
    }
}
