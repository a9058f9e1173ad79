using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Data.Canonical;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Prepare;
using Toolchain.Stages.Rewards;
using Toolchain.Stages.Running;
using Toolchain.Stages.Translation;
using Toolchain.Vision.Metrics;
using Toolchain.Vision.Training;

namespace Toolchain.Stages.TrainReward;

/// <summary>
/// Trains the rewards refine optimises and the judge that grades the result: the attribute classifier on the
/// train split (scored on val), the judge on the judge split only with another seed and architecture (scored on
/// test), and when enabled the VLFM and region dual encoders on the train split (scored on val, the region
/// reward also by the pointing game on the artifact masks).
/// </summary>
public sealed class TrainRewardStage : IStage
{
    public const string ClassifierFolder = "classifier";
    public const string VlfmFolder = "vlfm";
    public const string RegionFolder = "region";
    public const string ReportFile = "report.json";

    /// <summary>Ids of the images a model was trained on, one per line: the audit trail that the judge never saw train data.</summary>
    public const string TrainedOnFile = "trained_on.txt";

    public string Name => StageCatalog.TrainReward;

    public StageSummary Run(StageContext context)
    {
        var spec = context.Spec.Dataset;
        var settings = TrainRewardSettings.From(context.Settings, spec.Seed, context.Stage.ResolvePath("vlfm.from"));
        if (settings.Vlfm.Enabled && settings.VlfmFrom is not null)
        {
            throw new ToolchainError(
                "train_reward.vlfm.from: loading a Hugging Face CLIP model is not supported: the toolchain's dual encoder has a " +
                "convolutional image tower and a small text transformer, and no port of CLIP's ViT image tower exists to load " +
                "those weights into. Remove `from` to train the embedded dual encoder on the dataset's image/prompt pairs.", 2);
        }
        var labels = spec.Labels;
        var template = DatasetTranslation.Template(spec);
        var dataset = CanonicalDatasetReader.Read(Path.Combine(context.Input(StageCatalog.Prepare), PrepareStage.DatasetFolder));

        using var train = SplitImages.Load(dataset, SplitNames.Train, 2, "the reward classifier");
        using var val = SplitImages.Load(dataset, SplitNames.Val, 1, "scoring the reward classifier");
        using var judgeSplit = SplitImages.Load(dataset, SplitNames.Judge, 2, "the judge");
        using var test = SplitImages.Load(dataset, SplitNames.Test, 1, "scoring the judge");

        var report = new JsonObject();
        var classifier = ClassifierTraining.Run("reward classifier", settings.Classifier, labels, train, val, context);
        using (classifier.Model)
        {
            var folder = context.Output(ClassifierFolder, ModelFiles.ConfigFile);
            ModelFiles.SaveClassifier(Path.GetDirectoryName(folder)!, classifier.Model);
            WriteIds(context.Output(ClassifierFolder, TrainedOnFile), train.Ids);
            report["classifier"] = ModelReport(settings.Classifier, train, val, classifier);
        }

        var judge = ClassifierTraining.Run("judge", settings.Judge, labels, judgeSplit, test, context);
        using (judge.Model)
        {
            var folder = context.Output(JudgeModel.FolderName, ModelFiles.ConfigFile);
            ModelFiles.SaveClassifier(Path.GetDirectoryName(folder)!, judge.Model);
            WriteIds(context.Output(JudgeModel.FolderName, TrainedOnFile), judgeSplit.Ids);
            report["judge"] = ModelReport(settings.Judge, judgeSplit, test, judge);
        }

        if (settings.Vlfm.Enabled)
        {
            using var vlfm = DualEncoderTraining.Run("VLFM reward", settings.Vlfm, 0.0, template, train, Path.Combine(context.OutputDirectory, VlfmFolder), context);
            WriteIds(context.Output(VlfmFolder, TrainedOnFile), train.Ids);
            report["vlfm"] = DualEncoderTraining.Evaluate(vlfm, template, val);
        }
        if (settings.Region.Enabled)
        {
            using var region = DualEncoderTraining.Run("region reward", settings.Region, DualEncoderTraining.RegionLossWeight, template, train, Path.Combine(context.OutputDirectory, RegionFolder), context);
            WriteIds(context.Output(RegionFolder, TrainedOnFile), train.Ids);
            var scores = DualEncoderTraining.Evaluate(region, template, val);
            scores["localisation"] = RegionValidation.PointingGame(region, template, dataset, val);
            report["region"] = scores;
        }

        File.WriteAllText(context.Output(ReportFile), report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var facts = new JsonObject
        {
            ["classifier_mean_auroc"] = Round(classifier.Report.MeanAuroc),
            ["judge_mean_auroc"] = Round(judge.Report.MeanAuroc),
        };
        var line = $"reward classifier mean AUROC {Text(classifier.Report.MeanAuroc)} on val, judge {Text(judge.Report.MeanAuroc)} on test"
            + (settings.Vlfm.Enabled ? ", VLFM trained" : "") + (settings.Region.Enabled ? ", region reward trained" : "");
        return StageSummary.Of(line, facts);
    }

    private static JsonObject ModelReport(ClassifierSettings settings, SplitImages trainedOn, SplitImages scoredOn, ClassifierTraining.Result result)
    {
        var report = result.Report;
        var heads = new JsonObject();
        foreach (var (head, index) in report.Heads.Select((head, index) => (head, index)))
        {
            heads[head.Label] = new JsonObject
            {
                ["positive_weight"] = Round(result.PositiveWeights[index]),
                ["known"] = head.Known,
                ["positives"] = head.Positives,
                ["auroc"] = Round(head.Auroc),
                ["accuracy"] = Round(head.Accuracy),
                ["balanced_accuracy"] = Round(head.BalancedAccuracy),
            };
        }
        return new JsonObject
        {
            ["backbone"] = settings.Backbone.ToString(),
            ["width"] = settings.Width,
            ["seed"] = settings.Seed,
            ["threshold"] = settings.Threshold,
            ["head_weighting"] = TrainRewardSettings.WeightingName(settings.Weighting),
            ["trained_on"] = new JsonObject { ["split"] = trainedOn.Split, ["images"] = trainedOn.Records.Count },
            ["scored_on"] = new JsonObject { ["split"] = scoredOn.Split, ["images"] = scoredOn.Records.Count },
            ["heads"] = heads,
            ["mean_auroc"] = Round(report.MeanAuroc),
        };
    }

    private static void WriteIds(string path, IEnumerable<string> ids) => File.WriteAllText(path, string.Join("\n", ids) + "\n");

    private static double? Round(double? value) => value is { } v ? DualEncoderTraining.Round(v) : null;

    private static string Text(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "n/a";
}
