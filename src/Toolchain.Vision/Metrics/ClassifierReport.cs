using Toolchain.Vision.Classification;

namespace Toolchain.Vision.Metrics;

/// <summary>One head's numbers on examples whose label is known. AUROC is null when the head saw only one class; all three are null when no label was known.</summary>
public sealed record HeadReport(string Label, double Threshold, int Known, int Positives, double? Auroc, double? Accuracy, double? BalancedAccuracy);

/// <summary>Per-head evaluation of a multi-label classifier; <see cref="MeanAuroc"/> averages the defined head AUROCs.</summary>
public sealed record ClassifierReport(IReadOnlyList<HeadReport> Heads, double? MeanAuroc)
{
    /// <summary>Scores predicted probabilities against labels (0, 1, or NaN for unknown, skipped per head).</summary>
    public static ClassifierReport Build(MultiLabelClassifierConfig config, IReadOnlyList<float[]> probabilities, IReadOnlyList<float[]> labels)
    {
        if (probabilities.Count != labels.Count)
        {
            throw new ArgumentException($"{probabilities.Count} predictions for {labels.Count} label rows");
        }
        var heads = new List<HeadReport>();
        for (int k = 0; k < config.Labels.Count; k++)
        {
            var scores = new List<double>();
            var positive = new List<bool>();
            for (int i = 0; i < labels.Count; i++)
            {
                if (!float.IsNaN(labels[i][k]))
                {
                    scores.Add(probabilities[i][k]);
                    positive.Add(labels[i][k] == 1f);
                }
            }
            double threshold = config.Thresholds[k];
            heads.Add(scores.Count == 0
                ? new HeadReport(config.Labels[k], threshold, 0, 0, null, null, null)
                : new HeadReport(config.Labels[k], threshold, scores.Count, positive.Count(p => p),
                    Auroc.Compute(scores, positive),
                    BinaryMetrics.Accuracy(scores, positive, threshold),
                    BinaryMetrics.BalancedAccuracy(scores, positive, threshold)));
        }
        var defined = heads.Where(h => h.Auroc.HasValue).Select(h => h.Auroc!.Value).ToArray();
        return new ClassifierReport(heads, defined.Length == 0 ? null : defined.Average());
    }

    public string ToJson() => VisionJson.Serialize(this);
}
