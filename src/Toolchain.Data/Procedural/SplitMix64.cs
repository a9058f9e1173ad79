namespace Toolchain.Data.Procedural;

/// <summary>
/// Vigna's SplitMix64 generator. Written out here (rather than using System.Random) because
/// its output sequence is fixed by its definition, so generated data stays identical across
/// .NET versions and platforms.
/// </summary>
public sealed class SplitMix64
{
    private const ulong GoldenGamma = 0x9E3779B97F4A7C15UL;
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>The SplitMix64 finaliser: a bijective 64-bit mix with good avalanche.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// A child seed for the stream named by (parent, key): used to give every case, and every
    /// component of a case, its own independent stream so any subset can be regenerated alone.
    /// </summary>
    public static ulong Derive(ulong parent, ulong key) => Mix(Mix(parent + GoldenGamma) ^ (key * GoldenGamma + 0xD1B54A32D192ED03UL));

    public ulong NextUInt64()
    {
        _state += GoldenGamma;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [minInclusive, maxExclusive), by rejection so it has no modulo bias.</summary>
    public int NextInt(int minInclusive, int maxExclusive)
    {
        if (maxExclusive <= minInclusive)
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), "maxExclusive must exceed minInclusive.");
        ulong range = (ulong)((long)maxExclusive - minInclusive);
        ulong limit = ulong.MaxValue - ulong.MaxValue % range;
        ulong draw;
        do draw = NextUInt64(); while (draw >= limit);
        return (int)((long)minInclusive + (long)(draw % range));
    }

    public bool Bernoulli(double probability) => NextDouble() < probability;

    /// <summary>Index drawn with probability proportional to non-negative weights (sum &gt; 0).</summary>
    public int Categorical(IReadOnlyList<double> weights)
    {
        double total = 0;
        foreach (double w in weights) total += w;
        double target = NextDouble() * total;
        double cumulative = 0;
        for (int i = 0; i < weights.Count; i++)
        {
            cumulative += weights[i];
            if (target < cumulative) return i;
        }
        // Rounding can leave target == total; the last positive weight owns that point.
        for (int i = weights.Count - 1; i >= 0; i--)
            if (weights[i] > 0) return i;
        throw new ArgumentException("At least one weight must be positive.", nameof(weights));
    }

    /// <summary>Approximately normal(0,1): the Irwin-Hall sum of 12 uniforms, which needs no transcendental functions.</summary>
    public double NextGaussianApprox()
    {
        double sum = 0;
        for (int i = 0; i < 12; i++) sum += NextDouble();
        return sum - 6.0;
    }
}
