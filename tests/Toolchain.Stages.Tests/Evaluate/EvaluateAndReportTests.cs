using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Toolchain.Data.Canonical;
using Toolchain.Diffusion.Runtime;
using Toolchain.Evaluation.Report;
using Toolchain.Specs.Loading;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Evaluate;
using Toolchain.Stages.Prepare;
using Toolchain.Stages.Running;
using Toolchain.Stages.Translation;
using Toolchain.Vision.Classification;
using Toolchain.Vision.Lpips;
using Toolchain.Vision.Networks;
using TorchSharp;

namespace Toolchain.Stages.Tests.Evaluate;

public class EvaluateAndReportTests
{
    private static StageContext Context(ResolvedSpec spec, string stage, string output, Dictionary<string, string> inputs, string root) =>
        new(spec, spec.GetStage(stage), output, inputs, EngineEnvironment.Configure(2), Path.Combine(root, "resume-" + stage),
            new StageLog(stage, null, TextWriter.Null), SilentProgress.Instance, CancellationToken.None);

    private static string Evaluate(ResolvedSpec spec, string prepare, string output)
    {
        var folder = Path.Combine(prepare, PrepareStage.DatasetFolder);
        var dataset = CanonicalDatasetReader.Read(folder);
        var template = DatasetTranslation.Template(spec.Dataset);
        // An untrained judge is enough to exercise the plumbing: its features are still a fixed function of the image.
        var labels = template.Artifacts.Select(a => a.Label).Concat(template.Diagnoses).ToList();
        using var generator = new torch.Generator(3);
        using var judge = new ClassifierJudge(new MultiLabelClassifier(MultiLabelClassifierConfig.Create(new BackboneConfig(Width: 8, Stages: 2), labels), generator));
        // LPIPS with seeded random weights (non-negative heads, as trained ones are): the plumbing is under test here.
        using var lpips = new LpipsAlex();
        using (torch.no_grad())
        {
            foreach (var (name, parameter) in lpips.named_parameters())
            {
                parameter.uniform_(name.StartsWith("lin", StringComparison.Ordinal) ? 0 : -0.05, 0.05, generator: generator);
            }
        }
        Directory.CreateDirectory(output);
        var run = new EvaluationRun(folder, dataset, template, SubgroupPlan.Build(spec.Dataset, dataset.Records).Subgroups,
            EvaluationSettings.From(spec.GetStage(StageCatalog.Evaluate).Settings, null, null), 32, spec.Dataset.Seed, judge,
            [("baseline", new FabricatedSampler(dataset, folder, template, faithful: false)), ("refined", new FabricatedSampler(dataset, folder, template, faithful: true))],
            output, Lpips: lpips);
        run.Execute(new JsonObject { ["input_digests"] = new JsonObject { ["prepare"] = "0123abcd" } });
        File.WriteAllText(Path.Combine(output, EvaluationReportFiles.RewardCurveFile), "epoch,phase,reward_mean,reward_std\n1,main,0.2,0.1\n2,main,0.3,0.1\n");
        return output;
    }

    [Fact]
    public void EvaluateWritesMetricsAndPerImageTableAndRetrainWritesTheFullReport()
    {
        using var workspace = new SpecWorkspace();
        var spec = SpecLoader.Load(workspace.Spec("ci"));
        var prepare = new PipelineRunner(StageCatalogue.Default(), TextWriter.Null).Run(spec, new RunOptions(workspace.Cache, "prepare")).Single().Entry.OutputsDirectory;
        var evaluate = Evaluate(spec, prepare, Path.Combine(workspace.Root, "evaluate", "e1", "outputs"));

        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(evaluate, "metrics.json")))!;
        int prompts = metrics["settings"]!["prompts"]!.GetValue<int>();
        Assert.Equal(prompts * 2, metrics["baseline"]!["images"]!.GetValue<int>()); // ci: 2 images per prompt
        Assert.NotNull(metrics["baseline"]!["apr"]);
        Assert.NotNull(metrics["refined"]!["apr"]);
        Assert.NotNull(metrics["refined"]!["frechet_judge_features"]);
        Assert.True(metrics["refined"]!["per_subgroup"]!.AsObject().ContainsKey("mel-ink"));
        Assert.NotNull(metrics["definitions"]!["frechet_judge_features"]);
        Assert.NotNull(metrics["refined"]!["diversity_lpips"]);
        Assert.NotNull(metrics["refined"]!["per_prompt"]!.AsObject().First().Value!["diversity_lpips"]);
        Assert.False(metrics["refined"]!.AsObject().ContainsKey("fid")); // no Inception weights: no key that could pass for FID
        var rows = File.ReadAllLines(Path.Combine(evaluate, "per_image.csv"));
        Assert.Equal(1 + 2 * prompts * 2, rows.Length);
        Assert.True(File.Exists(Path.Combine(evaluate, "images", "refined", "p000-001.png")));
        // Faithful copies of training images sit at distance 0 from their nearest training image: memorisation sees them.
        Assert.Equal(0.0, metrics["refined"]!["memorisation"]!["min"]!.GetValue<double>());

        var again = Evaluate(spec, prepare, Path.Combine(workspace.Root, "evaluate", "e2", "outputs"));
        Assert.Equal(File.ReadAllText(Path.Combine(evaluate, "metrics.json")), File.ReadAllText(Path.Combine(again, "metrics.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(evaluate, "per_image.csv")), File.ReadAllText(Path.Combine(again, "per_image.csv")));

        // Retrain with Evaluate's outputs writes the final report.
        var filter = Path.Combine(workspace.Root, "filter", "f1", "outputs");
        Directory.CreateDirectory(Path.Combine(filter, "dataset"));
        File.WriteAllText(Path.Combine(filter, "dataset", "metadata.csv"), "file_name,subgroup,prompt,labels,seed,reward,model_digest\n");
        var output = Path.Combine(workspace.Root, "retrain-out");
        Directory.CreateDirectory(output);
        new Toolchain.Stages.Retrain.RetrainStage().Run(Context(spec, StageCatalog.Retrain, output,
            new() { [StageCatalog.Prepare] = prepare, [StageCatalog.Filter] = filter, [StageCatalog.Evaluate] = evaluate }, workspace.Root));
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.DoesNotMatch(new Regex("(src|href)=\"(?!data:|#)", RegexOptions.IgnoreCase), html);
        Assert.Contains("Did the synthetic data help?", html);
        Assert.Contains("Frechet distance (judge features)", html);
        // Provenance names each input by its output digest (part of retrain's key), here of a bare folder.
        Assert.Contains($">{Toolchain.Pipeline.Manifests.Manifest.Create(evaluate).Digest}<", html);
        Assert.DoesNotContain(workspace.Root, html);

        // The report prints nothing its key does not cover: bumping the release version keeps Evaluate's and
        // Retrain's keys, and the report written under the new version is the same bytes, naming neither version.
        workspace.Replace("ci", "version: 0.1.0", "version: 7.7.7");
        var bumped = SpecLoader.Load(workspace.Spec("ci"));
        var environment = EngineEnvironment.Configure(2);
        var keys = PlanCompiler.Compile(spec, environment).ToDictionary(p => p.Stage, p => p.TryResolve(_ => new string('0', 64))!.Key);
        var bumpedKeys = PlanCompiler.Compile(bumped, environment).ToDictionary(p => p.Stage, p => p.TryResolve(_ => new string('0', 64))!.Key);
        Assert.Equal(keys[StageCatalog.Evaluate], bumpedKeys[StageCatalog.Evaluate]);
        Assert.Equal(keys[StageCatalog.Retrain], bumpedKeys[StageCatalog.Retrain]);
        Assert.NotEqual(keys[StageCatalog.Release], bumpedKeys[StageCatalog.Release]);
        var bumpedOutput = Path.Combine(workspace.Root, "retrain-bumped");
        Directory.CreateDirectory(bumpedOutput);
        new Toolchain.Stages.Retrain.RetrainStage().Run(Context(bumped, StageCatalog.Retrain, bumpedOutput,
            new() { [StageCatalog.Prepare] = prepare, [StageCatalog.Filter] = filter, [StageCatalog.Evaluate] = evaluate }, workspace.Root));
        Assert.Equal(html, File.ReadAllText(Path.Combine(bumpedOutput, "report.html")));
        Assert.DoesNotContain("0.1.0", html);
        Assert.DoesNotContain("7.7.7", html);

        var copy = Path.Combine(AppContext.BaseDirectory, "ci-report");
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(output, "report.html"), Path.Combine(copy, "report.html"), overwrite: true);
    }
}
