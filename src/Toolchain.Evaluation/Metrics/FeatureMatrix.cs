namespace Toolchain.Evaluation.Metrics;

/// <summary>
/// Row-major feature vectors (one row per image) with the name of the network that produced them,
/// so that every metric computed on them can say which feature space it lives in.
/// </summary>
public sealed class FeatureMatrix
{
    public FeatureMatrix(string featureSpace, double[][] rows)
    {
        if (rows.Length == 0)
        {
            throw new ArgumentException("a feature matrix needs at least one row", nameof(rows));
        }
        int dim = rows[0].Length;
        foreach (var row in rows)
        {
            if (row.Length != dim)
            {
                throw new ArgumentException("every feature row must have the same length", nameof(rows));
            }
            foreach (var value in row)
            {
                if (!double.IsFinite(value))
                {
                    throw new ArgumentException("features must be finite", nameof(rows));
                }
            }
        }
        FeatureSpace = featureSpace;
        Rows = rows;
    }

    public string FeatureSpace { get; }

    public double[][] Rows { get; }

    public int Count => Rows.Length;

    public int Dimension => Rows[0].Length;

    public static double SquaredDistance(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    public void RequireSameSpace(FeatureMatrix other)
    {
        if (other.FeatureSpace != FeatureSpace || other.Dimension != Dimension)
        {
            throw new ArgumentException($"features from '{FeatureSpace}' ({Dimension}-d) and '{other.FeatureSpace}' ({other.Dimension}-d) cannot be compared");
        }
    }
}
