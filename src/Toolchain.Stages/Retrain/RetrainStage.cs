using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Data.Canonical;
using Toolchain.Evaluation.Downstream;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Evaluate;
using Toolchain.Stages.Prepare;
using Toolchain.Stages.Running;
using Toolchain.Stages.Translation;
using Toolchain.Vision.Networks;

namespace Toolchain.Stages.Retrain;

/// <summary>
/// retrain: does the synthetic data help? A diagnosis classifier trained on the real train split vs on the real
/// train split plus filter's accepted synthetic images (same step budget, same initial weights per seed), scored
/// on the real test split overall and per subgroup (rare subgroups first). Writes downstream.json and
/// downstream.csv; when the pipeline ran Evaluate, also the full report.html (Evaluate's report plus this study).
/// </summary>
public sealed class RetrainStage : IStage
{
    public string Name => StageCatalog.Retrain;

    public StageSummary Run(StageContext context)
    {
        var spec = context.Spec.Dataset;
        var settings = context.Settings;
        int resolution = context.Spec.GetStage(StageCatalog.Prepare).Settings["resolution"]!.GetValue<int>();
        var datasetFolder = Path.Combine(context.Input(StageCatalog.Prepare), PrepareStage.DatasetFolder);
        var dataset = CanonicalDatasetReader.Read(datasetFolder);
        var template = DatasetTranslation.Template(spec);
        var plan = SubgroupPlan.Build(spec, dataset.Records);

        var syntheticFolder = Path.Combine(context.Input(StageCatalog.Filter), "dataset");
        var synthetic = SyntheticImageFolder.Read(syntheticFolder);
        var train = dataset.Records.Where(r => r.Split == SplitNames.Train).ToList();
        var test = dataset.Records.Where(r => r.Split == SplitNames.Test).ToList();
        var classes = DownstreamClasses.Of(template, train, test);
        var classIndex = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);

        // A synthetic image's diagnosis is the one its prompt states.
        var promptDiagnosis = template.IsEnumerable
            ? template.Enumerate().ToDictionary(p => p.Prompt, p => p.Conditions.Diagnosis, StringComparer.Ordinal)
            : throw new ToolchainError("retrain needs an enumerable prompt template (diagnosis and artifact slots only) to read the diagnosis of synthetic images from their prompts", 2);
        int ClassOf(string diagnosis, string where) => classIndex.TryGetValue(diagnosis, out var i)
            ? i
            : throw new ToolchainError($"{where}: diagnosis '{diagnosis}' is not among the downstream classes ({string.Join(", ", classes)})");

        LabelledImages Real(IReadOnlyList<CanonicalRecord> records) => new(resolution, resolution,
            records.Select(r => RgbFiles.Read(Path.Combine(datasetFolder, r.FileName), resolution).Pixels).ToList(),
            records.Select(r => ClassOf(r.Diagnosis, r.FileName)).ToList());
        var realTrain = Real(train);
        // Procedural data may come with an evaluation set (prepare's evaluation/): the subgroups are scored on it, with
        // enough images each to see an effect; overall metrics stay on the test split, which has the population's mix.
        var evaluationFolder = Path.Combine(context.Input(StageCatalog.Prepare), ProceduralEvaluationSet.Folder);
        var evaluation = Directory.Exists(evaluationFolder) ? CanonicalDatasetReader.Read(evaluationFolder).Records : null;
        LabelledImages EvaluationImages(IReadOnlyList<CanonicalRecord> records) => new(resolution, resolution,
            records.Select(r => RgbFiles.Read(Path.Combine(evaluationFolder, r.FileName), resolution).Pixels).ToList(),
            records.Select(r => ClassOf(r.Diagnosis, r.FileName)).ToList());
        var realTest = evaluation is null ? Real(test) : Real(test).Concat(EvaluationImages(evaluation));
        var syntheticImages = new LabelledImages(resolution, resolution,
            synthetic.Select(s => RgbFiles.Read(Path.Combine(syntheticFolder, s.FileName), resolution).Pixels).ToList(),
            synthetic.Select(s => promptDiagnosis.TryGetValue(s.Prompt, out var d)
                ? ClassOf(d, s.FileName)
                : throw new ToolchainError($"{syntheticFolder}/metadata.csv: prompt '{s.Prompt}' of {s.FileName} is not one of the template's prompts")).ToList());
        if (synthetic.Count == 0)
        {
            context.Log.Info("filter accepted no synthetic images: both arms train on the same data, so every verdict will be 'no detectable effect'");
        }

        var subgroups = plan.Subgroups
            .Select(s => new TestSubgroup(s.Name, plan.RareNames.Contains(s.Name), evaluation is null
                ? test.Select((r, i) => (r, i)).Where(p => s.Matches(p.r)).Select(p => p.i).ToList()
                : evaluation.Select((r, i) => (r, i)).Where(p => s.Matches(p.r)).Select(p => test.Count + p.i).ToList()))
            .ToList();
        if (evaluation is not null)
        {
            context.Log.Info($"subgroups scored on prepare's evaluation set ({evaluation.Count} images); overall on the test split ({test.Count})");
        }
        var options = Options(settings, spec.Seed);
        using var progress = context.Progress.Start("training downstream classifiers", 2 * options.Seeds);
        var result = DownstreamStudy.Run(classes, realTrain, syntheticImages, realTest, subgroups, options, run =>
        {
            progress.Increment();
            context.Log.Detail($"{run.Arm} seed {run.Seed}: accuracy {run.Accuracy:0.000}, balanced {run.BalancedAccuracy:0.000}");
        }, context.Cancellation, [.. Enumerable.Range(0, test.Count)]);
        DownstreamFiles.Write(result, context.OutputDirectory);

        bool report = false;
        if (context.OptionalInput(StageCatalog.Evaluate) is { } evaluate)
        {
            EvaluationReportFiles.WriteReport(context, evaluate, result, context.Output(EvaluationReportFiles.ReportFile));
            report = true;
        }

        foreach (var subgroup in result.Subgroups)
        {
            context.Log.Info($"{subgroup.Name}{(subgroup.Rare ? " (rare)" : "")}: {subgroup.Reading}");
        }
        return StageSummary.Of(
            $"real-only accuracy {result.RealOnly.Accuracy.Mean:0.000}, real+synthetic {result.RealPlusSynthetic.Accuracy.Mean:0.000} ({result.Overall.Reading})" + (report ? "; report.html" : ""),
            new JsonObject
            {
                ["synthetic_images"] = synthetic.Count,
                ["steps"] = result.Steps,
                ["real_only_accuracy"] = result.RealOnly.Accuracy.Mean,
                ["real_plus_synthetic_accuracy"] = result.RealPlusSynthetic.Accuracy.Mean,
                ["overall_verdict"] = result.Overall.Verdict?.ToString(),
            });
    }

    public static DownstreamOptions Options(JsonObject settings, int seed) => new(
        Backbone(settings["backbone"]!.GetValue<string>()),
        settings["seeds"]!.GetValue<int>(),
        settings["epochs"]!.GetValue<int>(),
        settings["batch_size"]!.GetValue<int>(),
        settings["learning_rate"]!.GetValue<double>(),
        settings["bootstrap_samples"]!.GetValue<int>(),
        unchecked((ulong)seed * 1_000_003UL + 0xD0_57_EAUL));

    /// <summary>The backbone setting's architectures (width 16 and 3 stages: narrower SmallCnns were unstable in training here).</summary>
    public static BackboneConfig Backbone(string name) => name switch
    {
        "small-cnn" => new BackboneConfig(BackboneKind.SmallCnn, Width: 16, Stages: 3),
        "resnet-tiny" => new BackboneConfig(BackboneKind.TinyResNet, Width: 16, Stages: 3),
        _ => throw new ToolchainError($"retrain.backbone '{name}' is not one of small-cnn, resnet-tiny", 2),
    };
}
