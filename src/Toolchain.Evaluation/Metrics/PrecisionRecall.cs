namespace Toolchain.Evaluation.Metrics;

/// <summary>
/// Improved precision and recall of generative models (Kynkaanniemi et al. 2019): each set's manifold
/// is the union of balls reaching each point's k-th nearest neighbour within the set. Precision is the
/// share of generated points inside the real manifold; recall the share of real points inside the
/// generated manifold.
/// </summary>
public static class PrecisionRecall
{
    public sealed record Result(double Precision, double Recall, int K);

    public static Result Compute(FeatureMatrix real, FeatureMatrix generated, int k = 3)
    {
        real.RequireSameSpace(generated);
        if (real.Count <= k || generated.Count <= k)
        {
            throw new ArgumentException($"precision/recall with k = {k} needs more than {k} images on each side");
        }
        var realRadii = KthNeighbourRadii(real.Rows, k);
        var generatedRadii = KthNeighbourRadii(generated.Rows, k);
        return new Result(Coverage(generated.Rows, real.Rows, realRadii), Coverage(real.Rows, generated.Rows, generatedRadii), k);
    }

    private static double[] KthNeighbourRadii(double[][] rows, int k)
    {
        var radii = new double[rows.Length];
        var distances = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            for (int j = 0; j < rows.Length; j++)
            {
                distances[j] = FeatureMatrix.SquaredDistance(rows[i], rows[j]);
            }
            var sorted = (double[])distances.Clone();
            Array.Sort(sorted);
            radii[i] = sorted[k]; // sorted[0] is the point itself
        }
        return radii;
    }

    private static double Coverage(double[][] queries, double[][] manifold, double[] radii)
    {
        int inside = 0;
        foreach (var query in queries)
        {
            for (int j = 0; j < manifold.Length; j++)
            {
                if (FeatureMatrix.SquaredDistance(query, manifold[j]) <= radii[j])
                {
                    inside++;
                    break;
                }
            }
        }
        return (double)inside / queries.Length;
    }
}
