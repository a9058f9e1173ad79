using Toolchain.Vision.Classification;
using Toolchain.Vision.Metrics;

namespace Toolchain.Vision.Tests;

public class MetricTests
{
    [Fact]
    public void AurocMatchesHandCountsWithTies()
    {
        // Positives 0.8, 0.4, 0.4; negatives 0.4, 0.1. Pairs won: (0.8>0.4, 0.8>0.1, 0.4~0.4 half, 0.4>0.1, 0.4~0.4 half, 0.4>0.1) = 5 of 6.
        double[] scores = [0.8, 0.4, 0.4, 0.4, 0.1];
        bool[] positive = [true, true, true, false, false];
        Assert.Equal(5.0 / 6.0, Auroc.Compute(scores, positive)!.Value, 12);
    }

    [Fact]
    public void AurocEdgeCases()
    {
        Assert.Equal(1.0, Auroc.Compute([0.9, 0.2], [true, false]));
        Assert.Equal(0.0, Auroc.Compute([0.9, 0.2], [false, true]));
        Assert.Equal(0.5, Auroc.Compute([0.3, 0.3, 0.3, 0.3], [true, false, true, false]));
        Assert.Null(Auroc.Compute([0.3, 0.4], [true, true]));
        Assert.Throws<ArgumentException>(() => Auroc.Compute([0.3], [true, false]));
    }

    [Fact]
    public void BinaryAndBalancedAccuracy()
    {
        double[] p = [0.9, 0.6, 0.5, 0.2, 0.1];
        bool[] y = [true, false, true, false, false];
        // Predictions at 0.5 (>= is positive): T T T F F; correct: 1,0,1,1,1.
        Assert.Equal(0.8, BinaryMetrics.Accuracy(p, y, 0.5), 12);
        // Sensitivity 2/2, specificity 2/3.
        Assert.Equal((1.0 + 2.0 / 3.0) / 2, BinaryMetrics.BalancedAccuracy(p, y, 0.5), 12);
    }

    [Fact]
    public void MulticlassMetricsOnHandExample()
    {
        int[] truth = [0, 0, 0, 1, 2, 2];
        int[] predicted = [0, 0, 1, 1, 2, 0];
        Assert.Equal(4.0 / 6.0, MulticlassMetrics.Accuracy(predicted, truth), 12);
        Assert.Equal((2.0 / 3.0 + 1.0 + 0.5) / 3.0, MulticlassMetrics.BalancedAccuracy(predicted, truth, 3), 12);
        float[][] probabilities =
        [
            [0.7f, 0.2f, 0.1f, 0f], [0.6f, 0.3f, 0.1f, 0f], [0.3f, 0.5f, 0.2f, 0f],
            [0.2f, 0.7f, 0.1f, 0f], [0.1f, 0.1f, 0.8f, 0f], [0.5f, 0.1f, 0.4f, 0f],
        ];
        var perClass = MulticlassMetrics.OneVsRestAuroc(probabilities, truth, 4);
        // Class 0 scores: positives 0.7, 0.6, 0.3; negatives 0.2, 0.1, 0.5: wins 3 + 3 + 2 = 8 of 9.
        Assert.Equal(8.0 / 9.0, perClass[0]!.Value, 12);
        Assert.Null(perClass[3]);
        Assert.Throws<ArgumentException>(() => MulticlassMetrics.OneVsRestAuroc(probabilities, truth, 3));
        var report = DiagnosisReport.Build(["a", "b", "c", "d"], probabilities, truth);
        Assert.Equal(MulticlassMetrics.MacroAuroc(perClass), report.MacroAuroc);
        Assert.Equal(6, report.Count);
    }

    [Fact]
    public void ClassifierReportSkipsUnknownLabelsPerHead()
    {
        var config = MultiLabelClassifierConfig.Create(labels: ["hair", "ink"]);
        float[][] probabilities = [[0.9f, 0.2f], [0.1f, 0.7f], [0.6f, 0.4f]];
        float[][] labels = [[1f, float.NaN], [0f, float.NaN], [1f, float.NaN]];
        var report = ClassifierReport.Build(config, probabilities, labels);
        Assert.Equal(new HeadReport("hair", 0.5, 3, 2, 1.0, 1.0, 1.0), report.Heads[0]);
        Assert.Equal(new HeadReport("ink", 0.5, 0, 0, null, null, null), report.Heads[1]);
        Assert.Equal(1.0, report.MeanAuroc);
        Assert.Contains("\"Auroc\": null", report.ToJson());
    }
}
