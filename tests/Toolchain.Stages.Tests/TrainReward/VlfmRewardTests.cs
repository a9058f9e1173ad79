using System.Text.Json.Nodes;
using Toolchain.Data.Canonical;
using Toolchain.Diffusion.Tokenizer.Vocabulary;
using Toolchain.Specs.Loading;
using Toolchain.Stages.Prepare;
using Toolchain.Stages.Rewards;
using Toolchain.Stages.Tests.Rewards;
using Toolchain.Stages.TrainReward;
using Toolchain.Stages.Translation;

namespace Toolchain.Stages.Tests.TrainReward;

public class VlfmRewardTests
{
    [Fact]
    public void VlfmAndRegionRewardsAreTrainedScoredAndLoadable()
    {
        using var workspace = new SpecWorkspace();
        workspace.Replace("ci", "    judge: {epochs: 2, width: 8}\n    vlfm: {epochs: 2, width: 8, embed_dim: 16}",
            "    judge: {epochs: 1, width: 8}\n    vlfm: {enabled: true, epochs: 1, width: 8, embed_dim: 16}\n    region: {enabled: true, epochs: 1}");
        var spec = SpecLoader.Load(workspace.Spec("ci"));
        var prepare = StageHarness.Prepare(spec, workspace.Cache);
        var output = StageHarness.Run(new TrainRewardStage(), spec, new Dictionary<string, string> { ["prepare"] = prepare }, Path.Combine(workspace.Root, "out"));

        foreach (var folder in new[] { TrainRewardStage.VlfmFolder, TrainRewardStage.RegionFolder })
        {
            Assert.True(File.Exists(Path.Combine(output, folder, ModelFiles.WeightsFile)), folder);
            // The shipped CLIP vocabulary travels with its licence.
            var tokenizer = Path.Combine(output, folder, ModelFiles.TokenizerFolder);
            Assert.Equal(ClipVocabulary.VocabJson(), File.ReadAllBytes(Path.Combine(tokenizer, ClipVocabulary.VocabFileName)));
            Assert.Equal(ClipVocabulary.Merges(), File.ReadAllBytes(Path.Combine(tokenizer, ClipVocabulary.MergesFileName)));
            Assert.Contains("MIT License", File.ReadAllText(Path.Combine(tokenizer, ClipVocabulary.LicenseFileName)));
        }
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(output, TrainRewardStage.ReportFile)))!;
        Assert.InRange(report["vlfm"]!["clip_score"]!.GetValue<double>(), 0, 100);
        var hair = report["region"]!["localisation"]!["artifacts"]!["hair"]!;
        Assert.True(hair["images"]!.GetValue<int>() > 0);
        Assert.InRange(hair["pointing_accuracy"]!.GetValue<double>(), 0, 1);

        var template = DatasetTranslation.Template(spec.Dataset);
        var rewards = RewardModels.Load(output, ["vlfm", "region"], template);
        var dataset = CanonicalDatasetReader.Read(Path.Combine(prepare, PrepareStage.DatasetFolder));
        var records = dataset.InSplit(SplitNames.Val).Take(3).ToList();
        using var images = ImageFiles.Load(records.Select(r => dataset.PathOf(r.FileName)).ToList());
        var prompts = records.Select(r => template.TryRender(r, out _)!).ToList();
        Assert.All(rewards["vlfm"].Score(images, prompts), s => Assert.InRange(s, -1f, 1f));
        Assert.All(rewards["region"].Score(images, prompts), s => Assert.InRange(s, -1f, 1f));
    }
}
