namespace Toolchain.Evaluation.ImageQuality;

/// <summary>Distribution of each generated image's judge-feature distance to its nearest training image.</summary>
public sealed record MemorisationSummary(int Images, double Min, double P05, double Median, double Mean, double Max)
{
    public static MemorisationSummary Of(IReadOnlyList<double> distances)
    {
        if (distances.Count == 0)
        {
            throw new ArgumentException("no distances to summarise");
        }
        var sorted = distances.Order().ToArray();
        return new MemorisationSummary(sorted.Length, sorted[0], Quantile(sorted, 0.05), Quantile(sorted, 0.5), sorted.Average(), sorted[^1]);
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(position);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
    }
}
