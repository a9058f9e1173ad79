namespace Toolchain.Evaluation.Downstream;

/// <summary>
/// The smallest difference in accuracy a test slice of n images can detect: two-sided alpha 0.05 at 80% power,
/// for two arms scored on the same n images, at the worst-case variance (accuracy 0.5). Stated for every slice
/// so that "no detectable effect" on a small subgroup reads as what it is: too few images to tell.
/// </summary>
public static class MinimumDetectableEffect
{
    public const double Alpha = 0.05;
    public const double Power = 0.80;

    // z(1 - alpha / 2) + z(power) for alpha 0.05 and power 0.8.
    private const double ZSum = 1.959963984540054 + 0.8416212335729143;

    /// <summary>The difference in accuracy (0..1); null for an empty slice.</summary>
    public static double? ForAccuracy(int images) =>
        images <= 0 ? null : Math.Min(1, ZSum * Math.Sqrt(2 * 0.25 / images));
}
