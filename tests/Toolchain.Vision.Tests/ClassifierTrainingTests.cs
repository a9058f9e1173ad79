using System.Diagnostics;
using Toolchain.Core;
using Toolchain.Vision.Classification;
using Toolchain.Vision.Metrics;
using Toolchain.Vision.Networks;
using Toolchain.Vision.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Toolchain.Vision.Tests;

public class ClassifierTrainingTests(ITestOutputHelper output)
{
    private static readonly string[] Corners = ["top_left", "top_right", "bottom_left", "bottom_right"];

    private static MultiLabelClassifierConfig CornerConfig(BackboneKind kind = BackboneKind.SmallCnn) =>
        MultiLabelClassifierConfig.Create(new BackboneConfig(kind, Width: 8, Stages: 3), Corners);

    [Theory]
    [InlineData(BackboneKind.SmallCnn)]
    [InlineData(BackboneKind.TinyResNet)]
    public void LearnsCornerSquaresToHighAuroc(BackboneKind kind)
    {
        var (train, trainLabels) = SyntheticImages.Corners(256, 32, seed: 1);
        var (test, testLabels) = SyntheticImages.Corners(128, 32, seed: 2);
        using (train)
        using (test)
        using (var model = new MultiLabelClassifier(CornerConfig(kind), new Generator(11)))
        {
            var clock = Stopwatch.StartNew();
            // Flips would move a square to another corner and change its label, so this task trains without them.
            var history = ClassifierTrainer.Train(model, train, trainLabels, new TrainingOptions(Epochs: 4, BatchSize: 32, LearningRate: 3e-3, Seed: 4, RandomFlips: false));
            var report = ClassifierReport.Build(model.Config, model.PredictProbabilities(test), testLabels);
            output.WriteLine($"{kind}: {clock.Elapsed.TotalSeconds:F1}s, losses {string.Join(" ", history.Select(h => h.MeanLoss.ToString("F3")))}");
            output.WriteLine(report.ToJson());
            Assert.True(history[^1].MeanLoss < history[0].MeanLoss);
            Assert.All(report.Heads, h => Assert.True(h.Auroc > 0.9, $"{h.Label} AUROC {h.Auroc}"));
            Assert.Equal(128, report.Heads[0].Known);
        }
    }

    [Fact]
    public void UnknownLabelsAreMaskedOutOfTheLoss()
    {
        var (images, labels) = SyntheticImages.Corners(16, 16, seed: 3);
        using (images)
        {
            var config = MultiLabelClassifierConfig.Create(new BackboneConfig(Width: 4, Stages: 2), Corners);
            var options = new TrainingOptions(Epochs: 1, BatchSize: 16, Seed: 1, RandomFlips: false);
            // With every label of the last head unknown, its head receives no gradient at all.
            var masked = labels.Select(l => new[] { l[0], l[1], l[2], float.NaN }).ToArray();
            using var model = new MultiLabelClassifier(config, new Generator(2));
            using var before = model.StateDict()["head.bias"].clone();
            ClassifierTrainer.Train(model, images, masked, options with { WeightDecay = 0 });
            var after = model.StateDict()["head.bias"];
            Assert.Equal(before[3].item<float>(), after[3].item<float>());
            Assert.NotEqual(before[0].item<float>(), after[0].item<float>());

            var invalid = labels.Select(l => new[] { l[0], l[1], l[2], 0.5f }).ToArray();
            var error = Assert.Throws<ToolchainError>(() => ClassifierTrainer.Train(model, images, invalid, options));
            Assert.Contains("bottom_right", error.Message);
        }
    }

    [Fact]
    public void PositiveWeightsAreNegativesOverPositivesPerHeadIgnoringUnknowns()
    {
        float nan = float.NaN;
        var labels = new[]
        {
            new[] { 1f, 0f, nan, 1f },
            new[] { 0f, 0f, nan, 1f },
            new[] { 0f, 0f, 1f, 1f },
            new[] { 0f, 0f, 0f, nan },
        };
        // Head 1 has no positives and head 3 no negatives: nothing to balance, weight 1.
        Assert.Equal(new[] { 3f, 1f, 1f, 1f }, ClassifierTrainer.PositiveWeights(labels, 4));
    }

    [Fact]
    public void BalancedHeadWeightingMakesARareHeadFireAtItsThreshold()
    {
        // The top-left square is kept on 1 image in 25: unweighted, its head learns "absent" and never crosses 0.5
        // although it ranks the images well; weighted, it crosses on the lit ones.
        var (pool, poolLabels) = SyntheticImages.Corners(640, 32, seed: 12);
        var (test, testLabels) = SyntheticImages.Corners(200, 32, seed: 13);
        using (pool)
        using (test)
        {
            int positivesKept = 0;
            var keep = Enumerable.Range(0, poolLabels.Length).Where(i => poolLabels[i][0] == 0f || positivesKept++ < 12).ToArray();
            using var index = tensor(keep.Select(i => (long)i).ToArray());
            using var train = pool.index_select(0, index);
            var trainLabels = keep.Select(i => poolLabels[i]).ToArray();
            var options = new TrainingOptions(Epochs: 3, BatchSize: 32, LearningRate: 3e-3, Seed: 4, RandomFlips: false);

            HeadReport RareHead(HeadWeighting weighting)
            {
                using var model = new MultiLabelClassifier(CornerConfig(), new Generator(11));
                ClassifierTrainer.Train(model, train, trainLabels, options, weighting: weighting);
                var head = ClassifierReport.Build(model.Config, model.PredictProbabilities(test), testLabels).Heads[0];
                output.WriteLine($"{weighting}: AUROC {head.Auroc:F3}, balanced accuracy {head.BalancedAccuracy:F3}");
                return head;
            }

            var plain = RareHead(HeadWeighting.None);
            var balanced = RareHead(HeadWeighting.Balanced);
            Assert.True(plain.BalancedAccuracy < 0.6, $"unweighted rare head balanced accuracy {plain.BalancedAccuracy}");
            Assert.True(balanced.BalancedAccuracy > 0.8, $"balanced rare head balanced accuracy {balanced.BalancedAccuracy}");
        }
    }

    [Fact]
    public void SameSeedsGiveBitwiseIdenticalWeightsAfterTraining()
    {
        var (images, labels) = SyntheticImages.Corners(64, 32, seed: 5);
        using (images)
        {
            var options = new TrainingOptions(Epochs: 2, BatchSize: 16, Seed: 9, RandomFlips: true);
            using var a = new MultiLabelClassifier(CornerConfig(), new Generator(21));
            using var b = new MultiLabelClassifier(CornerConfig(), new Generator(21));
            using var c = new MultiLabelClassifier(CornerConfig(), new Generator(21));
            ClassifierTrainer.Train(a, images, labels, options);
            ClassifierTrainer.Train(b, images, labels, options);
            ClassifierTrainer.Train(c, images, labels, options with { Seed = 10 });
            var da = a.StateDict();
            var db = b.StateDict();
            Assert.All(da, p => Assert.True(TensorAssert.Same(p.Value, db[p.Key]), p.Key));
            Assert.False(TensorAssert.Same(da["head.weight"], c.StateDict()["head.weight"]));
        }
    }

    [Fact]
    public void StateDictRoundTripsAndRejectsMismatches()
    {
        var config = CornerConfig(BackboneKind.TinyResNet);
        using var source = new MultiLabelClassifier(config, new Generator(1));
        using var target = new MultiLabelClassifier(config, new Generator(2));
        var weights = source.StateDict().ToDictionary(p => p.Key, p => p.Value.clone());
        Assert.Contains("backbone.stages.0.0.conv1.norm.running_var", weights.Keys);
        target.LoadStateDict(weights);
        using var images = rand(new long[] { 3, 3, 32, 32 }, generator: new Generator(3)).mul(2).sub(1);
        using var expected = source.Logits(images);
        using var actual = target.Logits(images);
        Assert.True(TensorAssert.Same(expected, actual));

        var missing = new Dictionary<string, Tensor>(weights);
        missing.Remove("head.bias");
        Assert.Contains("missing keys: head.bias", Assert.Throws<ToolchainError>(() => target.LoadStateDict(missing)).Message);

        var extra = new Dictionary<string, Tensor>(weights) { ["head.scale"] = ones(1) };
        Assert.Contains("unexpected keys: head.scale", Assert.Throws<ToolchainError>(() => target.LoadStateDict(extra)).Message);

        var reshaped = new Dictionary<string, Tensor>(weights) { ["head.bias"] = zeros(5) };
        Assert.Contains("head.bias: shape (5)", Assert.Throws<ToolchainError>(() => target.LoadStateDict(reshaped)).Message);

        var smallCnn = new MultiLabelClassifier(CornerConfig(BackboneKind.SmallCnn), new Generator(1));
        Assert.Throws<ToolchainError>(() => smallCnn.LoadStateDict(weights));
    }

    [Fact]
    public void ConfigJsonRoundTripsAndRejectsUnknownMembers()
    {
        var config = MultiLabelClassifierConfig.Create(new BackboneConfig(BackboneKind.TinyResNet, Width: 12, Norm: NormKind.GroupNorm, Groups: 4));
        string json = config.ToJson();
        Assert.Contains("\"TinyResNet\"", json);
        var back = MultiLabelClassifierConfig.FromJson(json, "reward/config.json");
        Assert.Equal(json, back.ToJson());
        Assert.Equal(config.Backbone, back.Backbone);

        var unknown = json.Replace("\"Labels\"", "\"Colour\": 1, \"Labels\"");
        var error = Assert.Throws<ToolchainError>(() => MultiLabelClassifierConfig.FromJson(unknown, "reward/config.json"));
        Assert.Contains("reward/config.json", error.Message);
        Assert.Equal(2, error.ExitCode);
    }

    [Fact]
    public void DiagnosisClassifierLearnsWhichCornerIsLit()
    {
        var (images, labels) = SyntheticImages.Corners(192, 32, seed: 7);
        using (images)
        {
            // Class = index of the first lit corner, or 4 when none is lit.
            var classes = labels.Select(l => Array.IndexOf(l, 1f) is var k and >= 0 ? k : 4).ToArray();
            var config = new DiagnosisClassifierConfig(new BackboneConfig(BackboneKind.TinyResNet, Width: 8, Norm: NormKind.GroupNorm, Groups: 4), ["c0", "c1", "c2", "c3", "none"]);
            using var model = new DiagnosisClassifier(config, new Generator(8));
            DiagnosisTrainer.Train(model, images, classes, new TrainingOptions(Epochs: 5, BatchSize: 32, LearningRate: 3e-3, Seed: 1, RandomFlips: false));
            var report = DiagnosisReport.Build(config.Classes, model.PredictProbabilities(images), classes);
            output.WriteLine(report.ToJson());
            Assert.True(report.MacroAuroc > 0.9, $"macro AUROC {report.MacroAuroc}");
            Assert.True(report.BalancedAccuracy > 0.6, $"balanced accuracy {report.BalancedAccuracy}");
            using var features = model.Features(images, batchSize: 50);
            Assert.Equal(new long[] { 192, model.FeatureDim }, features.shape);
        }
    }
}
