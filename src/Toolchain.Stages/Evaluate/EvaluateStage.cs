using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Toolchain.Data.Canonical;
using Toolchain.Evaluation.ImageQuality;
using Toolchain.Specs.Stages;
using Toolchain.Stages.FineTune;
using Toolchain.Stages.Prepare;
using Toolchain.Stages.Rewards;
using Toolchain.Stages.Running;
using Toolchain.Stages.Sample;
using Toolchain.Stages.Translation;

namespace Toolchain.Stages.Evaluate;

/// <summary>
/// evaluate: the FineTune baseline vs the refined model (FineTune + Refine's LoRA) vs real images, judged by the
/// held-out judge: APR, diagnosis agreement, CLIP score (VLFM), judge-feature Frechet distance / KID /
/// precision-recall, diversity and memorisation, overall, per prompt and per subgroup. Both models sample every
/// prompt with the same seeds and the Sample stage's sampler settings. See docs/metrics.md.
/// </summary>
public sealed class EvaluateStage : IStage
{
    public string Name => StageCatalog.Evaluate;

    public StageSummary Run(StageContext context)
    {
        var settings = EvaluationSettings.From(context.Settings, context.Stage.ResolvePath("inception_weights"), context.Stage.ResolvePath("lpips_weights"));
        var spec = context.Spec.Dataset;
        int resolution = context.Spec.GetStage(StageCatalog.Prepare).Settings["resolution"]!.GetValue<int>();
        var datasetFolder = Path.Combine(context.Input(StageCatalog.Prepare), PrepareStage.DatasetFolder);
        var dataset = CanonicalDatasetReader.Read(datasetFolder);
        var template = DatasetTranslation.Template(spec);
        var plan = SubgroupPlan.Build(spec, dataset.Records);
        var sampling = SampleSettings.Read(context.Spec, context.Spec.GetStage(StageCatalog.Sample));

        var trainReward = context.Input(StageCatalog.TrainReward);
        using var judge = ClassifierJudge.Load(Path.Combine(trainReward, JudgeModel.FolderName));
        var vlfmFolder = Path.Combine(trainReward, "vlfm");
        using var vlfm = Directory.Exists(vlfmFolder) ? DualEncoderModel.Load(vlfmFolder) : null;

        var modelFolder = Path.Combine(context.Input(StageCatalog.Finetune), FineTuneStage.ModelFolder);
        var models = new List<(string, IPromptSampler)> { ("baseline", new DiffusionSampler(modelFolder, null, sampling.Sampling, sampling.BatchSize, resolution)) };
        var refine = context.OptionalInput(StageCatalog.Refine);
        if (refine is not null)
        {
            models.Add(("refined", new DiffusionSampler(modelFolder, Path.Combine(refine, FineTuneStage.LoraFolder, FineTuneStage.LoraFile), sampling.Sampling, sampling.BatchSize, resolution)));
        }
        else
        {
            context.Log.Info("no refine stage in this pipeline: only the baseline is evaluated");
        }

        var provenance = new JsonObject
        {
            ["input_digests"] = new JsonObject(EvaluationReportFiles.InputDigests(context).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["sampling"] = new JsonObject
            {
                ["steps"] = sampling.Sampling.Steps,
                ["guidance_scale"] = sampling.Sampling.GuidanceScale,
                ["eta"] = sampling.Sampling.Eta,
                ["seed"] = spec.Seed,
            },
        };
        using var inception = settings.InceptionWeights is { } inceptionFile ? FeatureNetworkFiles.LoadInception(inceptionFile) : null;
        using var lpips = settings.LpipsWeights is { } lpipsFile ? FeatureNetworkFiles.LoadLpips(lpipsFile) : null;
        if (inception is null)
        {
            context.Log.Info("no evaluate.inception_weights: FID/KID are not computed; the judge-feature Frechet distance and KID are reported under their own names");
        }
        var run = new EvaluationRun(datasetFolder, dataset, template, plan.Subgroups, settings, resolution, spec.Seed, judge, models,
            context.OutputDirectory, vlfm is null ? null : new VlfmScorer(vlfm), inception, lpips);
        var result = run.Execute(provenance, context.Log.Info);

        if (refine is not null)
        {
            CopyRewardCurve(Path.Combine(refine, "rewards.csv"), context.Output(EvaluationReportFiles.RewardCurveFile));
        }
        EvaluationReportFiles.WriteReport(context, context.OutputDirectory, null, context.Output(EvaluationReportFiles.ReportFile));

        var baseline = result.Arm("baseline").Overall;
        var refined = refine is null ? null : result.Arm("refined").Overall;
        string Number(double? v) => v?.ToString("0.000", CultureInfo.InvariantCulture) ?? "n/a";
        return StageSummary.Of(
            $"APR baseline {Number(baseline.Apr)}" + (refined is null ? "" : $", refined {Number(refined.Apr)}") +
            $"; Frechet (judge features) baseline {Number(baseline.FrechetJudgeFeatures)}" + (refined is null ? "" : $", refined {Number(refined.FrechetJudgeFeatures)}"),
            new JsonObject
            {
                ["baseline_apr"] = baseline.Apr,
                ["refined_apr"] = refined?.Apr,
                ["images_per_model"] = baseline.Images,
            });
    }

    /// <summary>Keeps the columns the report plots (epoch, phase, reward mean and sd) from refine's rewards.csv.</summary>
    private static void CopyRewardCurve(string rewards, string target)
    {
        var text = new StringBuilder("epoch,phase,reward_mean,reward_std\n");
        foreach (var row in StageCsv.Read(rewards, "epoch", "phase", "reward_mean", "reward_std"))
        {
            text.Append(string.Join(",", row["epoch"], row["phase"], row["reward_mean"], row["reward_std"])).Append('\n');
        }
        File.WriteAllText(target, text.ToString());
    }
}
