namespace Toolchain.Vision.Metrics;

/// <summary>
/// Exact area under the ROC curve via the Mann-Whitney statistic, ties given average ranks (a tied
/// positive/negative pair counts one half), so it equals the trapezoidal ROC area.
/// </summary>
public static class Auroc
{
    /// <summary>AUROC of <paramref name="scores"/> for binary <paramref name="positive"/> labels; null when a class is absent.</summary>
    public static double? Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        if (scores.Count != positive.Count)
        {
            throw new ArgumentException($"{scores.Count} scores for {positive.Count} labels");
        }
        if (scores.Any(double.IsNaN))
        {
            throw new ArgumentException("scores contain NaN", nameof(scores));
        }
        long positives = positive.Count(p => p);
        long negatives = positive.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double positiveRankSum = 0;
        int start = 0;
        while (start < order.Length)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }
            double averageRank = (start + end) / 2.0 + 1.0; // ranks are 1-based
            for (int j = start; j <= end; j++)
            {
                if (positive[order[j]])
                {
                    positiveRankSum += averageRank;
                }
            }
            start = end + 1;
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double)positives * negatives);
    }
}
