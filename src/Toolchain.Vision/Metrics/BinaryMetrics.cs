namespace Toolchain.Vision.Metrics;

/// <summary>Thresholded binary metrics. A probability at or above the threshold predicts the positive class.</summary>
public static class BinaryMetrics
{
    public static bool Predict(double probability, double threshold) => probability >= threshold;

    public static double Accuracy(IReadOnlyList<double> probabilities, IReadOnlyList<bool> positive, double threshold)
    {
        CheckLengths(probabilities, positive);
        int correct = 0;
        for (int i = 0; i < probabilities.Count; i++)
        {
            if (Predict(probabilities[i], threshold) == positive[i])
            {
                correct++;
            }
        }
        return (double)correct / probabilities.Count;
    }

    /// <summary>Mean of sensitivity and specificity; when one class is absent, the recall of the present class.</summary>
    public static double BalancedAccuracy(IReadOnlyList<double> probabilities, IReadOnlyList<bool> positive, double threshold)
    {
        CheckLengths(probabilities, positive);
        var predicted = probabilities.Select(p => Predict(p, threshold) ? 1 : 0).ToArray();
        var truth = positive.Select(p => p ? 1 : 0).ToArray();
        return MulticlassMetrics.BalancedAccuracy(predicted, truth, 2);
    }

    private static void CheckLengths(IReadOnlyList<double> probabilities, IReadOnlyList<bool> positive)
    {
        if (probabilities.Count != positive.Count)
        {
            throw new ArgumentException($"{probabilities.Count} probabilities for {positive.Count} labels");
        }
        if (probabilities.Count == 0)
        {
            throw new ArgumentException("no examples to score");
        }
    }
}
