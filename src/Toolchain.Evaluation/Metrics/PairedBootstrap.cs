using Toolchain.Core;
namespace Toolchain.Evaluation.Metrics;

/// <summary>
/// Confidence interval of a difference in means between two arms measured on the same items
/// (e.g. per-test-image correctness of real-only vs real+synthetic classifiers), by resampling items.
/// </summary>
public static class PairedBootstrap
{
    public sealed record Interval(double Difference, double Lower, double Upper, double Level, int Samples);

    public static Interval DifferenceOfMeans(IReadOnlyList<double> baseline, IReadOnlyList<double> treatment, int samples, ulong seed, double level = 0.95)
    {
        if (baseline.Count != treatment.Count || baseline.Count == 0)
        {
            throw new ArgumentException("paired bootstrap needs two non-empty arms of equal length");
        }
        int n = baseline.Count;
        var diffs = new double[n];
        for (int i = 0; i < n; i++)
        {
            diffs[i] = treatment[i] - baseline[i];
        }
        var rng = new DeterministicRandom(seed);
        var means = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += diffs[rng.NextInt(n)];
            }
            means[s] = sum / n;
        }
        Array.Sort(means);
        double alpha = (1 - level) / 2;
        return new Interval(diffs.Average(), Quantile(means, alpha), Quantile(means, 1 - alpha), level, samples);
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(position);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
    }
}
