namespace Toolchain.Rl.Advantages;

/// <summary>Clamps advantages to [-max, max] so one outlier reward cannot dominate an update.</summary>
public static class AdvantageClipping
{
    public static float[] Clip(IReadOnlyList<double> advantages, double max)
    {
        if (!(max > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, "the advantage clip must be positive");
        }
        var clipped = new float[advantages.Count];
        for (int i = 0; i < clipped.Length; i++)
        {
            clipped[i] = (float)Math.Clamp(advantages[i], -max, max);
        }
        return clipped;
    }
}
