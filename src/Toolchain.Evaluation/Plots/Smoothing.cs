namespace Toolchain.Evaluation.Plots;

/// <summary>Smoothing of noisy training curves (per-step loss, per-epoch reward) for display only.</summary>
public static class Smoothing
{
    /// <summary>
    /// Exponential moving average with weight in [0, 1): 0 returns the input, values near 1 smooth heavily.
    /// Debiased like TensorBoard's so early points are not dragged toward zero.
    /// </summary>
    public static double[] ExponentialMovingAverage(IReadOnlyList<double> values, double weight)
    {
        if (weight < 0 || weight >= 1 || double.IsNaN(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), $"smoothing weight {weight} must be in [0, 1)");
        }
        var result = new double[values.Count];
        double running = 0;
        double norm = 0;
        for (int i = 0; i < values.Count; i++)
        {
            running = weight * running + (1 - weight) * values[i];
            norm = weight * norm + (1 - weight);
            result[i] = running / norm;
        }
        return result;
    }
}
