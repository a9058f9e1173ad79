using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Toolchain.Evaluation.Metrics;

namespace Toolchain.Evaluation.Downstream;

/// <summary>
/// Writes a <see cref="DownstreamResult"/> as downstream.json (summary, comparisons with verdicts, every run,
/// key definitions) and downstream.csv (one row per arm x seed x slice). Numbers use the invariant culture.
/// </summary>
public static class DownstreamFiles
{
    public const string JsonFile = "downstream.json";
    public const string CsvFile = "downstream.csv";

    public static readonly IReadOnlyDictionary<string, string> Definitions = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["accuracy"] = "share of real test images whose most probable diagnosis is the true one",
        ["balanced_accuracy"] = "mean per-class recall over the diagnoses present in the test slice",
        ["auroc"] = "macro one-vs-rest AUROC of the diagnosis probabilities (null when a class is absent from the test set)",
        ["real_only"] = "classifier trained on the real train split only",
        ["real_plus_synthetic"] = "classifier trained on the real train split plus filter's accepted synthetic images",
        ["steps"] = "optimiser steps per run, identical for both arms: epochs x ceil(real training images / batch_size)",
        ["difference"] = "real_plus_synthetic minus real_only accuracy; the interval is a paired bootstrap over the slice's test images, each image's correctness averaged over seeds",
        ["verdict"] = "helped when the whole interval is above 0, hurt when it is below 0, otherwise no detectable effect",
        ["sd"] = "sample standard deviation over seeds (null with one seed)",
        ["minimum_detectable_effect"] = "smallest accuracy difference the slice's test images can detect: two-sided alpha 0.05, 80% power, worst-case variance (accuracy 0.5), 2.80 x sqrt(0.5 / images)",
        ["test_images"] = "images the slice is scored on: the real test split overall; per subgroup the procedural evaluation set's images of the subgroup when prepare wrote one, else the test split's",
    };

    public static void Write(DownstreamResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, JsonFile), ToJson(result).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.WriteAllText(Path.Combine(folder, CsvFile), ToCsv(result));
    }

    public static JsonObject ToJson(DownstreamResult result)
    {
        var options = result.Options;
        return new JsonObject
        {
            ["classes"] = new JsonArray(result.Classes.Select(c => (JsonNode)c).ToArray()),
            ["settings"] = new JsonObject
            {
                ["backbone"] = options.Backbone.Kind.ToString(),
                ["backbone_width"] = options.Backbone.Width,
                ["backbone_stages"] = options.Backbone.Stages,
                ["seeds"] = options.Seeds,
                ["epochs"] = options.Epochs,
                ["batch_size"] = options.BatchSize,
                ["learning_rate"] = options.LearningRate,
                ["weight_decay"] = options.WeightDecay,
                ["steps"] = result.Steps,
                ["bootstrap_samples"] = options.BootstrapSamples,
                ["seed"] = options.Seed,
            },
            ["training_images"] = new JsonObject
            {
                [DownstreamResult.RealOnlyArm] = result.RealOnly.TrainingImages,
                [DownstreamResult.RealPlusSyntheticArm] = result.RealPlusSynthetic.TrainingImages,
                ["synthetic"] = result.RealPlusSynthetic.TrainingImages - result.RealOnly.TrainingImages,
            },
            ["test_images"] = result.TestImages,
            [DownstreamResult.RealOnlyArm] = Arm(result.RealOnly),
            [DownstreamResult.RealPlusSyntheticArm] = Arm(result.RealPlusSynthetic),
            ["overall"] = Comparison(result.Overall),
            ["subgroups"] = new JsonArray(result.Subgroups.Select(s => (JsonNode)Comparison(s)).ToArray()),
            ["runs"] = new JsonArray(result.Runs.Select(r => (JsonNode)new JsonObject
            {
                ["arm"] = r.Arm,
                ["seed"] = r.Seed,
                ["accuracy"] = r.Accuracy,
                ["balanced_accuracy"] = r.BalancedAccuracy,
                ["auroc"] = r.MacroAuroc,
                ["subgroup_accuracy"] = SubgroupAccuracies(r, result),
            }).ToArray()),
            ["definitions"] = new JsonObject(Definitions.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))),
        };
    }

    public static string ToCsv(DownstreamResult result)
    {
        var text = new StringBuilder("arm,seed,slice,rare,test_images,accuracy,balanced_accuracy,auroc\n");
        foreach (var run in result.Runs)
        {
            text.Append(Invariant($"{run.Arm},{run.Seed},overall,0,{result.TestImages},{Number(run.Accuracy)},{Number(run.BalancedAccuracy)},{Number(run.MacroAuroc)}\n"));
            foreach (var subgroup in result.Subgroups)
            {
                text.Append(Invariant($"{run.Arm},{run.Seed},{Csv(subgroup.Name)},{(subgroup.Rare ? 1 : 0)},{subgroup.TestImages},{Number(run.SubgroupAccuracy[subgroup.Name])},,\n"));
            }
        }
        return text.ToString();
    }

    private static JsonObject SubgroupAccuracies(DownstreamRun run, DownstreamResult result)
    {
        var json = new JsonObject();
        foreach (var subgroup in result.Subgroups)
        {
            json[subgroup.Name] = run.SubgroupAccuracy[subgroup.Name];
        }
        return json;
    }

    private static JsonObject Arm(ArmSummary arm) => new()
    {
        ["training_images"] = arm.TrainingImages,
        ["accuracy"] = SpreadJson(arm.Accuracy),
        ["balanced_accuracy"] = SpreadJson(arm.BalancedAccuracy),
        ["auroc"] = arm.MacroAuroc is null ? null : SpreadJson(arm.MacroAuroc),
    };

    private static JsonObject Comparison(SubgroupComparison c) => new()
    {
        ["name"] = c.Name,
        ["rare"] = c.Rare,
        ["test_images"] = c.TestImages,
        [DownstreamResult.RealOnlyArm] = c.RealOnly is null ? null : SpreadJson(c.RealOnly),
        [DownstreamResult.RealPlusSyntheticArm] = c.RealPlusSynthetic is null ? null : SpreadJson(c.RealPlusSynthetic),
        ["difference"] = c.Difference is null ? null : new JsonObject
        {
            ["mean"] = c.Difference.Difference,
            ["lower"] = c.Difference.Lower,
            ["upper"] = c.Difference.Upper,
            ["level"] = c.Difference.Level,
            ["samples"] = c.Difference.Samples,
        },
        ["verdict"] = c.Verdict is { } v ? VerdictRules.Describe(v) : null,
        ["minimum_detectable_effect"] = c.MinimumDetectableEffect,
        ["reading"] = c.Reading,
    };

    private static JsonObject SpreadJson(Spread s) => new() { ["mean"] = s.Mean, ["sd"] = s.StandardDeviation, ["runs"] = s.Runs };

    private static string Number(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Csv(string value) => value.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
