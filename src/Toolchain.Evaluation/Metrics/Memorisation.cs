namespace Toolchain.Evaluation.Metrics;

/// <summary>For each generated image, the distance to and index of its nearest training image.</summary>
public static class Memorisation
{
    public sealed record Match(int GeneratedIndex, int TrainingIndex, double Distance);

    public static IReadOnlyList<Match> NearestTrainingImages(FeatureMatrix generated, FeatureMatrix training)
    {
        generated.RequireSameSpace(training);
        var matches = new Match[generated.Count];
        for (int i = 0; i < generated.Count; i++)
        {
            int best = 0;
            double bestDistance = double.PositiveInfinity;
            for (int j = 0; j < training.Count; j++)
            {
                double d = FeatureMatrix.SquaredDistance(generated.Rows[i], training.Rows[j]);
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = j;
                }
            }
            matches[i] = new Match(i, best, Math.Sqrt(bestDistance));
        }
        return matches;
    }
}
