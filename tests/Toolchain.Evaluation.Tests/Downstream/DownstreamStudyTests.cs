using Toolchain.Evaluation.Downstream;
using Toolchain.Evaluation.Metrics;
using Toolchain.Vision.Networks;

namespace Toolchain.Evaluation.Tests.Downstream;

public class DownstreamStudyTests
{
    private static readonly string[] Classes = ["A", "B"];

    // Test set: 12 bright (A), 12 dark (B), 10 crossed (B, the rare subgroup).
    private static readonly LabelledImages Test = ToyImages.Make(3, bright: 12, dark: 12, crossed: 10);

    private static readonly TestSubgroup[] Subgroups =
    [
        new("bright-A", Rare: false, Enumerable.Range(0, 12).ToList()),
        new("dark-B", Rare: false, Enumerable.Range(12, 12).ToList()),
        new("crossed-B", Rare: true, Enumerable.Range(24, 10).ToList()),
    ];

    private static DownstreamOptions Options(int bootstrap = 200) => new(
        new BackboneConfig(BackboneKind.SmallCnn, Width: 8, Stages: 2),
        Seeds: 2, Epochs: 6, BatchSize: 16, LearningRate: 3e-3, BootstrapSamples: bootstrap, Seed: 11);

    [Fact]
    public void SyntheticImagesOfAnUnseenLookHelpThatSubgroup()
    {
        var realTrain = ToyImages.Make(1, bright: 40, dark: 40, crossed: 0);
        var synthetic = ToyImages.Make(2, bright: 0, dark: 0, crossed: 40);

        var result = DownstreamStudy.Run(Classes, realTrain, synthetic, Test, Subgroups, Options());

        Assert.Equal("crossed-B", result.Subgroups[0].Name); // rare subgroups first
        var crossed = result.Subgroups[0];
        Assert.Equal(Verdict.Helped, crossed.Verdict);
        Assert.True(crossed.RealOnly!.Mean < 0.3, $"real-only accuracy on the unseen look {crossed.RealOnly.Mean}");
        Assert.True(crossed.RealPlusSynthetic!.Mean > 0.7, $"real+synthetic accuracy {crossed.RealPlusSynthetic.Mean}");
        Assert.StartsWith("helped: accuracy +", crossed.Reading);
        // Same budget: both arms took the same number of steps, 6 epochs of ceil(80 / 16) batches.
        Assert.Equal(30, result.Steps);
        Assert.Equal(80, result.RealOnly.TrainingImages);
        Assert.Equal(120, result.RealPlusSynthetic.TrainingImages);
        Assert.Equal(4, result.Runs.Count);
    }

    [Fact]
    public void MoreImagesOfTheCommonLooksCannotHelpTheUnseenSubgroup()
    {
        var realTrain = ToyImages.Make(1, bright: 40, dark: 40, crossed: 0);
        var synthetic = ToyImages.Make(4, bright: 20, dark: 20, crossed: 0);

        var result = DownstreamStudy.Run(Classes, realTrain, synthetic, Test, Subgroups, Options());

        var crossed = result.Subgroups.Single(s => s.Name == "crossed-B");
        Assert.NotEqual(Verdict.Helped, crossed.Verdict);
        Assert.True(crossed.RealPlusSynthetic!.Mean < 0.3, $"real+synthetic accuracy on the unseen look {crossed.RealPlusSynthetic.Mean}");
        Assert.Equal(Verdict.NoDetectableEffect, result.Subgroups.Single(s => s.Name == "dark-B").Verdict);
    }

    [Fact]
    public void SameInputsGiveIdenticalFiles()
    {
        var realTrain = ToyImages.Make(1, bright: 20, dark: 20, crossed: 0);
        var synthetic = ToyImages.Make(2, bright: 0, dark: 0, crossed: 10);
        var options = Options() with { Seeds = 1, Epochs = 2 };

        var first = DownstreamStudy.Run(Classes, realTrain, synthetic, Test, Subgroups, options);
        var second = DownstreamStudy.Run(Classes, realTrain, synthetic, Test, Subgroups, options);

        Assert.Equal(DownstreamFiles.ToJson(first).ToJsonString(), DownstreamFiles.ToJson(second).ToJsonString());
        Assert.Equal(DownstreamFiles.ToCsv(first), DownstreamFiles.ToCsv(second));
    }

    [Fact]
    public void SubgroupWithoutTestImagesAndNoBootstrapAreSaidPlainly()
    {
        var realTrain = ToyImages.Make(1, bright: 10, dark: 10, crossed: 0);
        var options = Options(bootstrap: 0) with { Seeds = 1, Epochs = 1 };
        TestSubgroup[] subgroups = [new("empty", Rare: true, []), new("dark-B", Rare: false, Enumerable.Range(12, 12).ToList())];

        var result = DownstreamStudy.Run(Classes, realTrain, LabelledImages.Empty(8, 8), Test, subgroups, options);

        Assert.Null(result.Subgroups[0].Verdict);
        Assert.Contains("no real test images", result.Subgroups[0].Reading);
        Assert.Null(result.Subgroups[1].Difference);
        Assert.Contains("bootstrap_samples is 0", result.Subgroups[1].Reading);
        Assert.Null(result.RealOnly.Accuracy.StandardDeviation); // one seed: no spread claimed
    }

    [Fact]
    public void FilesHoldTheDocumentedKeys()
    {
        var realTrain = ToyImages.Make(1, bright: 10, dark: 10, crossed: 0);
        var result = DownstreamStudy.Run(Classes, realTrain, ToyImages.Make(2, 0, 0, 6), Test, Subgroups, Options() with { Seeds = 2, Epochs = 1 });

        var json = DownstreamFiles.ToJson(result);
        Assert.Equal(3, json["subgroups"]!.AsArray().Count);
        Assert.Equal("crossed-B", json["subgroups"]![0]!["name"]!.GetValue<string>());
        Assert.NotNull(json["real_only"]!["accuracy"]!["sd"]);
        Assert.NotNull(json["overall"]!["difference"]!["lower"]);
        Assert.NotNull(json["definitions"]!["verdict"]);
        var csv = DownstreamFiles.ToCsv(result).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("arm,seed,slice,rare,test_images,accuracy,balanced_accuracy,auroc", csv[0]);
        Assert.Equal(1 + 4 * (1 + 3), csv.Length); // header + (2 arms x 2 seeds) x (overall + 3 subgroups)
    }
}
