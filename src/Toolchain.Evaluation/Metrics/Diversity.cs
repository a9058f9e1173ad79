namespace Toolchain.Evaluation.Metrics;

/// <summary>Within-set diversity: the mean Euclidean distance over all pairs of feature vectors.</summary>
public static class Diversity
{
    public static double MeanPairwiseDistance(FeatureMatrix features)
    {
        if (features.Count < 2)
        {
            throw new ArgumentException("diversity needs at least two images");
        }
        double sum = 0;
        long pairs = 0;
        for (int i = 0; i < features.Count; i++)
        {
            for (int j = i + 1; j < features.Count; j++)
            {
                sum += Math.Sqrt(FeatureMatrix.SquaredDistance(features.Rows[i], features.Rows[j]));
                pairs++;
            }
        }
        return sum / pairs;
    }
}
