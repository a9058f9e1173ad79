namespace Toolchain.Stages.Experiments;

/// <summary>How many RL samples an arm needed before its judge APR first reached a target.</summary>
public static class SamplesToReach
{
    /// <returns>The samples seen at the first measured point (in order of samples) whose APR is at least
    /// <paramref name="target"/>, or null when no point reaches it.</returns>
    public static long? First(IEnumerable<JudgeCurvePoint> curve, double target) =>
        curve.OrderBy(p => p.SamplesSeen).FirstOrDefault(p => p.Apr >= target - 1e-12)?.SamplesSeen;
}
