using Toolchain.Evaluation.Metrics;

namespace Toolchain.Evaluation.Downstream;

/// <summary>
/// Real-only vs real+synthetic accuracy on one slice of the test set (the whole set, or one subgroup):
/// mean +- sd over seeds per arm, the paired bootstrap interval of the difference (real+synthetic minus
/// real-only, correctness averaged over seeds per image) and its plain reading. Null parts are not measurable:
/// no test images in the subgroup, or no bootstrap requested.
/// </summary>
public sealed record SubgroupComparison(
    string Name,
    bool Rare,
    int TestImages,
    Spread? RealOnly,
    Spread? RealPlusSynthetic,
    PairedBootstrap.Interval? Difference,
    Verdict? Verdict,
    string Reading)
{
    /// <summary>The smallest accuracy difference this slice's images can detect (see <see cref="Downstream.MinimumDetectableEffect"/>).</summary>
    public double? MinimumDetectableEffect => Downstream.MinimumDetectableEffect.ForAccuracy(TestImages);
}
