using Toolchain.Core;
using Toolchain.Vision.Classification;
using Toolchain.Vision.Rewards;
using static TorchSharp.torch;

namespace Toolchain.Vision.Tests;

public class RewardTests
{
    private static readonly double[] Half = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5];

    // Heads: hair, gel_bubble, ruler, ink, MEL, NV.
    private static readonly float[] MelanomaWithHair = [1, 0, 0, 0, 1, 0];

    [Fact]
    public void HeadAgreementIsTheFractionOfAgreeingThresholdedHeads()
    {
        float[] allRight = [0.9f, 0.1f, 0.2f, 0.3f, 0.8f, 0.1f];
        float[] twoWrong = [0.4f, 0.1f, 0.7f, 0.3f, 0.8f, 0.1f]; // hair missed, ruler hallucinated
        Assert.Equal(1.0, AttributeAgreement.HeadAgreement(allRight, MelanomaWithHair, Half));
        Assert.Equal(4.0 / 6.0, AttributeAgreement.HeadAgreement(twoWrong, MelanomaWithHair, Half), 12);
        // A probability exactly at the threshold counts as present.
        Assert.Equal(1.0, AttributeAgreement.HeadAgreement([0.5f, 0, 0, 0, 0.5f, 0.49f], MelanomaWithHair, Half));
        // Heads the prompt leaves open (NaN) are not counted.
        float[] partial = [1, float.NaN, float.NaN, float.NaN, 1, 0];
        Assert.Equal(2.0 / 3.0, AttributeAgreement.HeadAgreement(twoWrong, partial, Half), 12);
        // Per-head thresholds apply.
        Assert.Equal(5.0 / 6.0, AttributeAgreement.HeadAgreement(allRight, MelanomaWithHair, [0.95, 0.5, 0.5, 0.5, 0.5, 0.5]), 12);
    }

    [Fact]
    public void AprAndDiagnosisAgreementOnHandExamples()
    {
        int[] artifacts = [0, 1, 2, 3];
        int[] diagnoses = [4, 5];
        float[][] prompts = [MelanomaWithHair, MelanomaWithHair, [0, 0, 1, 1, 0, 1], [0, 0, 0, 0, 0, 1]];
        float[][] predictions =
        [
            [0.9f, 0.1f, 0.1f, 0.1f, 0.7f, 0.4f], // artifacts right, MEL right
            [0.9f, 0.1f, 0.6f, 0.1f, 0.3f, 0.2f], // ruler hallucinated; MEL most probable although below threshold
            [0.2f, 0.3f, 0.8f, 0.6f, 0.6f, 0.9f], // artifacts right, NV right
            [0.1f, 0.1f, 0.1f, 0.1f, 0.6f, 0.5f], // artifacts right, says MEL for an NV prompt
        ];
        Assert.Equal(0.75, AttributeAgreement.Apr(predictions, prompts, Half, artifacts));
        Assert.Equal(0.75, AttributeAgreement.DiagnosisAgreement(predictions, prompts, diagnoses));
        var noDiagnosis = Assert.Throws<ToolchainError>(() => AttributeAgreement.DiagnosisAgrees(predictions[0], [1, 0, 0, 0, 0, 0], diagnoses));
        Assert.Contains("names 0 diagnoses", noDiagnosis.Message);
        Assert.Throws<ToolchainError>(() => AttributeAgreement.Apr(predictions, [[float.NaN, 0, 0, 0, 1, 0], .. prompts[1..]], Half, artifacts));
    }

    [Fact]
    public void RewardScoresImagesThroughTheClassifier()
    {
        var config = MultiLabelClassifierConfig.Create(new Networks.BackboneConfig(Width: 4, Stages: 2));
        using var classifier = new MultiLabelClassifier(config, new Generator(1));
        using var images = rand(new long[] { 3, 3, 16, 16 }, generator: new Generator(2)).mul(2).sub(1);
        float[][] prompts = [MelanomaWithHair, MelanomaWithHair, [0, 0, 0, 0, 0, 1]];
        var reward = new AttributeClassifierReward(classifier);
        var scores = reward.Score(images, prompts);
        var probabilities = classifier.PredictProbabilities(images);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal((float)AttributeAgreement.HeadAgreement(probabilities[i], prompts[i], config.Thresholds), scores[i]);
            Assert.InRange(scores[i], 0f, 1f);
        }
        Assert.Equal(MultiLabelClassifierConfig.PaperArtifactLabels, config.Labels.Take(4));
        Assert.Equal([4, 5], config.IndicesOf(MultiLabelClassifierConfig.PaperDiagnosisLabels));
    }
}
