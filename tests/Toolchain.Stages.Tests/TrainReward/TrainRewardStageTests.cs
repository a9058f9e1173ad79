using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Data.Canonical;
using Toolchain.Specs.Loading;
using Toolchain.Stages.Prepare;
using Toolchain.Stages.Rewards;
using Toolchain.Stages.Tests.Rewards;
using Toolchain.Stages.TrainReward;
using Toolchain.Stages.Translation;
using Toolchain.Vision.Networks;

namespace Toolchain.Stages.Tests.TrainReward;

public class TrainRewardStageTests(TrainRewardFixture fixture) : IClassFixture<TrainRewardFixture>
{
    private JsonObject Report => JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.First, TrainRewardStage.ReportFile)))!.AsObject();

    [Fact]
    public void WritesTheModelsAndReportsAurocPerHead()
    {
        // tiny-cpu trains the VLFM too (for evaluate's CLIP score); the region reward is off.
        foreach (var folder in new[] { TrainRewardStage.ClassifierFolder, JudgeModel.FolderName, TrainRewardStage.VlfmFolder })
        {
            Assert.True(File.Exists(Path.Combine(fixture.First, folder, ModelFiles.ConfigFile)), folder);
            Assert.True(File.Exists(Path.Combine(fixture.First, folder, ModelFiles.WeightsFile)), folder);
        }
        Assert.False(Directory.Exists(Path.Combine(fixture.First, TrainRewardStage.RegionFolder)));

        var classifier = Report["classifier"]!.AsObject();
        Assert.Equal("val", classifier["scored_on"]!["split"]!.GetValue<string>());
        var heads = classifier["heads"]!.AsObject();
        Assert.Equal(fixture.Spec.Dataset.Labels, heads.Select(h => h.Key).ToArray());
        foreach (var (label, head) in heads)
        {
            var auroc = head!["auroc"]?.GetValue<double>();
            var accuracy = head["accuracy"]!.GetValue<double>();
            Assert.InRange(accuracy, 0, 1);
            if (head["positives"]!.GetValue<int>() is > 0 and var p && p < head["known"]!.GetValue<int>())
            {
                Assert.NotNull(auroc);
                Assert.InRange(auroc!.Value, 0, 1);
            }
        }
        Assert.NotNull(classifier["mean_auroc"]);
        Assert.Equal("test", Report["judge"]!["scored_on"]!["split"]!.GetValue<string>());

        // The default weighs rare artifacts' positives up: every head's weight is negatives / positives on its split.
        foreach (var model in new[] { "classifier", "judge" })
        {
            Assert.Equal("balanced", Report[model]!["head_weighting"]!.GetValue<string>());
        }
        var trainLabels = RecordLabels.Of(
            CanonicalDatasetReader.Read(Path.Combine(fixture.PrepareOutputs, PrepareStage.DatasetFolder)).InSplit(SplitNames.Train).ToList(),
            fixture.Spec.Dataset.Labels);
        var expected = Vision.Training.ClassifierTrainer.PositiveWeights(trainLabels, fixture.Spec.Dataset.Labels.Count);
        Assert.Equal(expected.Select(w => Math.Round(w, 6)), heads.Select(h => Math.Round(h.Value!["positive_weight"]!.GetValue<double>(), 6)));
        Assert.True(heads["ink"]!["positive_weight"]!.GetValue<double>() > 1, "ink is rare in the demo data");
    }

    [Fact]
    public void SameKeyGivesTheSameBytes()
    {
        Assert.Equal(StageHarness.Digests(fixture.First), StageHarness.Digests(fixture.Second));
    }

    [Fact]
    public void JudgeNeverSeesTrainingImagesAndUsesAnotherArchitecture()
    {
        var dataset = CanonicalDatasetReader.Read(Path.Combine(fixture.PrepareOutputs, PrepareStage.DatasetFolder));
        string[] Ids(string folder) => File.ReadAllLines(Path.Combine(fixture.First, folder, TrainRewardStage.TrainedOnFile));
        var judgeIds = Ids(JudgeModel.FolderName);
        var classifierIds = Ids(TrainRewardStage.ClassifierFolder);

        Assert.Equal(dataset.InSplit(SplitNames.Judge).Select(r => r.Id), judgeIds);
        Assert.Equal(dataset.InSplit(SplitNames.Train).Select(r => r.Id), classifierIds);
        Assert.Empty(judgeIds.Intersect(classifierIds));
        Assert.NotEmpty(judgeIds);

        using var judge = JudgeModel.FromTrainReward(fixture.First);
        var classifier = ModelFiles.LoadClassifier(Path.Combine(fixture.First, TrainRewardStage.ClassifierFolder));
        Assert.Equal(BackboneKind.TinyResNet, judge.Config.Backbone.Kind);
        Assert.Equal(BackboneKind.SmallCnn, classifier.Config.Backbone.Kind);
        Assert.NotEqual(Report["classifier"]!["seed"]!.GetValue<long>(), Report["judge"]!["seed"]!.GetValue<long>());
    }

    [Fact]
    public void TrainedClassifierIsARewardAndTheJudgeIsNot()
    {
        var template = DatasetTranslation.Template(fixture.Spec.Dataset);
        var rewards = RewardModels.Load(fixture.First, ["classifier"], template);
        var dataset = CanonicalDatasetReader.Read(Path.Combine(fixture.PrepareOutputs, PrepareStage.DatasetFolder));
        var records = dataset.InSplit(SplitNames.Val).Take(4).ToList();
        using var images = ImageFiles.Load(records.Select(r => dataset.PathOf(r.FileName)).ToList());
        var scores = rewards["classifier"].Score(images, records.Select(r => template.TryRender(r, out _)!).ToList());
        Assert.Equal(4, scores.Length);
        Assert.All(scores, s => Assert.InRange(s, 0f, 1f));

        var error = Assert.Throws<ToolchainError>(() => RewardModels.Load(fixture.First, ["judge"], template));
        Assert.Contains("not a reward", error.Message);
    }

    [Fact]
    public void HuggingFaceClipIsRefusedWithAReason()
    {
        using var workspace = new SpecWorkspace();
        workspace.Replace("ci", "    vlfm: {epochs: 2, width: 8, embed_dim: 16}", $"    vlfm: {{enabled: true, from: {workspace.Root}}}");
        var spec = SpecLoader.Load(workspace.Spec("ci"));
        var error = Assert.Throws<ToolchainError>(() => StageHarness.Run(new TrainRewardStage(), spec,
            new Dictionary<string, string> { ["prepare"] = fixture.PrepareOutputs }, Path.Combine(workspace.Root, "out")));
        Assert.Equal(2, error.ExitCode);
        Assert.Contains("vlfm.from", error.Message);
        Assert.Contains("Hugging Face CLIP", error.Message);
    }
}
