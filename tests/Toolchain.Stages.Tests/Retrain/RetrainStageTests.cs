using System.Text.Json.Nodes;
using Toolchain.Data.Canonical;
using Toolchain.Diffusion.Runtime;
using Toolchain.Specs.Loading;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Prepare;
using Toolchain.Stages.Retrain;
using Toolchain.Stages.Running;
using Toolchain.Stages.Translation;

namespace Toolchain.Stages.Tests.Retrain;

public class RetrainStageTests
{
    /// <summary>
    /// Prepare on ci.yaml, then a filter output made of copies of real train images labelled with the prompt that
    /// describes them (standing in for accepted synthetic images), then Retrain run directly on both folders.
    /// </summary>
    private static (JsonObject Json, string Csv, string Output) RunRetrain(SpecWorkspace workspace, string name)
    {
        var spec = SpecLoader.Load(workspace.Spec("ci"));
        var prepare = new PipelineRunner(StageCatalogue.Default(), TextWriter.Null).Run(spec, new RunOptions(workspace.Cache, "prepare")).Single().Entry.OutputsDirectory;
        var datasetFolder = Path.Combine(prepare, PrepareStage.DatasetFolder);
        var dataset = CanonicalDatasetReader.Read(datasetFolder);
        var template = DatasetTranslation.Template(spec.Dataset);

        var filter = Path.Combine(workspace.Root, name, "filter", "k3y", "outputs");
        Directory.CreateDirectory(Path.Combine(filter, "dataset", "images"));
        var lines = new List<string> { "file_name,subgroup,prompt,labels,seed,reward,model_digest" };
        foreach (var (record, i) in dataset.Records.Where(r => r.Split == SplitNames.Train && r.Diagnosis == DiagnosisCodes.Melanoma).Take(12).Select((r, i) => (r, i)))
        {
            var file = $"images/{i}.png";
            File.Copy(Path.Combine(datasetFolder, record.FileName), Path.Combine(filter, "dataset", file));
            lines.Add($"{file},mel-ink,\"{template.TryRender(record, out _)}\",,{i},0.9,abc");
        }
        File.WriteAllLines(Path.Combine(filter, "dataset", "metadata.csv"), lines);

        var output = Path.Combine(workspace.Root, name, "out");
        Directory.CreateDirectory(output);
        var context = new StageContext(spec, spec.GetStage(StageCatalog.Retrain), output,
            new Dictionary<string, string> { [StageCatalog.Prepare] = prepare, [StageCatalog.Filter] = filter },
            EngineEnvironment.Configure(2), Path.Combine(workspace.Root, name, "resume"), new StageLog("retrain", null, TextWriter.Null),
            SilentProgress.Instance, CancellationToken.None);
        new RetrainStage().Run(context);
        return (JsonNode.Parse(File.ReadAllText(Path.Combine(output, "downstream.json")))!.AsObject(),
            File.ReadAllText(Path.Combine(output, "downstream.csv")), output);
    }

    [Fact]
    public void WritesTheStudyWithRareSubgroupsFirstAndIsDeterministic()
    {
        using var workspace = new SpecWorkspace();
        var (json, csv, output) = RunRetrain(workspace, "a");

        Assert.Equal(12, json["training_images"]!["synthetic"]!.GetValue<int>());
        var subgroups = json["subgroups"]!.AsArray().Select(s => (Name: s!["name"]!.GetValue<string>(), Rare: s["rare"]!.GetValue<bool>())).ToList();
        Assert.Contains(subgroups, s => s.Name == "mel-ink");
        Assert.Equal(subgroups.OrderBy(s => s.Rare ? 0 : 1).ToList(), subgroups); // rare first
        Assert.NotNull(json["overall"]!["reading"]);
        Assert.False(File.Exists(Path.Combine(output, "report.html"))); // no Evaluate input, so no report
        Assert.StartsWith("arm,seed,slice,rare,test_images,accuracy", csv);

        var (again, csvAgain, _) = RunRetrain(workspace, "b");
        Assert.Equal(json.ToJsonString(), again.ToJsonString());
        Assert.Equal(csv, csvAgain);
    }

    [Fact]
    public void Subgroups_are_scored_on_the_evaluation_set_and_overall_on_the_test_split()
    {
        using var workspace = new SpecWorkspace();
        workspace.Replace("ci", "    image_size: 32\n", "    image_size: 32\n    evaluation: {per_subgroup: 30}\n");
        var (json, _, _) = RunRetrain(workspace, "a");

        Assert.Equal(24, json["overall"]!["test_images"]!.GetValue<int>()); // the ci spec's test split
        foreach (var subgroup in json["subgroups"]!.AsArray())
        {
            int images = subgroup!["test_images"]!.GetValue<int>();
            Assert.True(images >= 30, $"{subgroup["name"]}: {images} evaluation images");
            Assert.Equal(2.801585 * Math.Sqrt(0.5 / images), subgroup["minimum_detectable_effect"]!.GetValue<double>(), 5);
            Assert.Contains("minimum detectable effect", subgroup["reading"]!.GetValue<string>());
        }
    }
}
