using Toolchain.Core;
namespace Toolchain.Evaluation.Metrics;

/// <summary>
/// Unbiased squared MMD with the cubic polynomial kernel k(x, y) = (x.y / d + 1)^3, averaged over
/// random subsets (the KID estimator). It is KID only on Inception features; elsewhere the caller
/// names it by feature space.
/// </summary>
public static class KernelDistance
{
    public sealed record Result(double Mean, double StandardDeviation, int SubsetSize, int Subsets);

    public static Result Compute(FeatureMatrix real, FeatureMatrix generated, int subsetSize, int subsets, ulong seed)
    {
        real.RequireSameSpace(generated);
        int m = Math.Min(subsetSize, Math.Min(real.Count, generated.Count));
        if (m < 2)
        {
            throw new ArgumentException("the kernel distance needs at least two images on each side");
        }
        var rng = new DeterministicRandom(seed);
        var values = new double[subsets];
        for (int s = 0; s < subsets; s++)
        {
            var x = Subset(real.Rows, m, rng);
            var y = Subset(generated.Rows, m, rng);
            values[s] = UnbiasedMmd(x, y, real.Dimension);
        }
        double mean = values.Average();
        double sd = subsets > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (subsets - 1)) : 0;
        return new Result(mean, sd, m, subsets);
    }

    private static double[][] Subset(double[][] rows, int m, DeterministicRandom rng)
    {
        var index = rng.Permutation(rows.Length);
        return index.Take(m).Select(i => rows[i]).ToArray();
    }

    private static double Kernel(double[] a, double[] b, int dim)
    {
        double dot = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
        }
        double k = dot / dim + 1;
        return k * k * k;
    }

    private static double UnbiasedMmd(double[][] x, double[][] y, int dim)
    {
        int m = x.Length;
        double kxx = 0, kyy = 0, kxy = 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                if (i != j)
                {
                    kxx += Kernel(x[i], x[j], dim);
                    kyy += Kernel(y[i], y[j], dim);
                }
                kxy += Kernel(x[i], y[j], dim);
            }
        }
        return kxx / (m * (m - 1.0)) + kyy / (m * (m - 1.0)) - 2 * kxy / ((double)m * m);
    }
}
