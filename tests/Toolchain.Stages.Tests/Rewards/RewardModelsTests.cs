using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Data.Prompts;
using Toolchain.Stages.Rewards;

namespace Toolchain.Stages.Tests.Rewards;

public sealed class RewardModelsTests : IDisposable
{
    private const string MelInk = "a dermoscopic image with melanoma (MEL) showing ink";
    private const string MelHairInk = "a dermoscopic image with melanoma (MEL) showing hair, ink";
    private const string NvHair = "a dermoscopic image with melanocytic nevus (NV) showing hair";

    private readonly string root = Directory.CreateTempSubdirectory("toolchain-rewards-").FullName;

    public RewardModelsTests()
    {
        // Predicts ink and MEL on every image, nothing else.
        HandMadeModels.SaveConstantClassifier(Path.Combine(root, "classifier"), "ink", "MEL");
        HandMadeModels.SaveRandomJudge(Path.Combine(root, JudgeModel.FolderName));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void ClassifierRewardIsTheShareOfHeadsAgreeingWithThePrompt()
    {
        var reward = RewardModels.Load(root, ["classifier"], PromptTemplate.Rl4Med)["classifier"];
        using var images = HandMadeModels.Noise(3, 32, seed: 5);
        var scores = reward.Score(images, [MelInk, MelHairInk, NvHair]);
        Assert.Equal(1.0f, scores[0], 6);         // every head matches
        Assert.Equal(5f / 6f, scores[1], 6);      // hair asked for, not predicted
        Assert.Equal(2f / 6f, scores[2], 6);      // hair, ink, MEL, NV wrong; gel bubble and ruler right
    }

    [Fact]
    public void CompositeWeightsTheTerms()
    {
        var composite = RewardModels.Composite(root, new JsonObject { ["classifier"] = 0.5 }, PromptTemplate.Rl4Med);
        using var images = HandMadeModels.Noise(2, 32, seed: 6);
        Assert.Equal([0.5f, 0.5f * 5f / 6f], composite.Score(images, [MelInk, MelHairInk]));
    }

    [Fact]
    public void UntrainedRewardsAndTheJudgeAreRefused()
    {
        var missing = Assert.Throws<ToolchainError>(() => RewardModels.Load(root, ["vlfm"], PromptTemplate.Rl4Med));
        Assert.Contains("train_reward.vlfm", missing.Message);
        var judge = Assert.Throws<ToolchainError>(() => RewardModels.Load(root, ["judge"], PromptTemplate.Rl4Med));
        Assert.Contains("not a reward", judge.Message);
        var unknown = Assert.Throws<ToolchainError>(() => RewardModels.Load(root, ["aesthetics"], PromptTemplate.Rl4Med));
        Assert.Contains("unknown reward", unknown.Message);
    }

    [Fact]
    public void PromptsOutsideTheTemplateAreErrors()
    {
        var reward = RewardModels.Load(root, ["classifier"], PromptTemplate.Rl4Med)["classifier"];
        using var images = HandMadeModels.Noise(1, 32, seed: 7);
        Assert.Throws<ToolchainError>(() => reward.Score(images, ["a photo of a cat"]));
    }

    [Fact]
    public void JudgeGivesPredictionsAndFeatures()
    {
        using var judge = JudgeModel.FromTrainReward(root);
        using var images = HandMadeModels.Noise(3, 32, seed: 8);
        Assert.Equal(3, judge.Predict(images).Length);
        using var features = judge.Features(images);
        Assert.Equal(new long[] { 3, judge.FeatureDim }, features.shape);
    }
}
