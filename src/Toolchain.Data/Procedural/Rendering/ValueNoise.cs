namespace Toolchain.Data.Procedural.Rendering;

/// <summary>
/// Smooth 2-D value noise on an integer lattice whose values come from a hash of (seed, cell),
/// so it needs no tables and is identical wherever it is evaluated.
/// </summary>
internal readonly struct ValueNoise
{
    private readonly ulong _seed;

    public ValueNoise(ulong seed) => _seed = seed;

    /// <summary>Noise in [0, 1] at (x, y), with features about one unit apart.</summary>
    public double Sample(double x, double y)
    {
        double fx = Math.Floor(x), fy = Math.Floor(y);
        long ix = (long)fx, iy = (long)fy;
        double tx = Fade(x - fx), ty = Fade(y - fy);
        double a = Lattice(ix, iy), b = Lattice(ix + 1, iy);
        double c = Lattice(ix, iy + 1), d = Lattice(ix + 1, iy + 1);
        double top = a + (b - a) * tx, bottom = c + (d - c) * tx;
        return top + (bottom - top) * ty;
    }

    /// <summary>Fractal sum of octaves (each twice the frequency, half the amplitude), rescaled to [0, 1].</summary>
    public double Fractal(double x, double y, int octaves)
    {
        double sum = 0, amplitude = 1, norm = 0, frequency = 1;
        for (int o = 0; o < octaves; o++)
        {
            // Offset each octave so lattice points of different octaves do not line up.
            sum += amplitude * Sample(x * frequency + 17.31 * o, y * frequency - 9.73 * o);
            norm += amplitude;
            amplitude *= 0.5;
            frequency *= 2;
        }
        return sum / norm;
    }

    /// <summary>Uniform [0, 1) value for one lattice cell; also usable as per-pixel grain.</summary>
    public double Lattice(long ix, long iy)
    {
        ulong h = SplitMix64.Mix(_seed ^ SplitMix64.Mix((ulong)ix * 0x9E3779B97F4A7C15UL + (ulong)iy * 0xC2B2AE3D27D4EB4FUL));
        return (h >> 11) * (1.0 / (1UL << 53));
    }

    private static double Fade(double t) => t * t * (3 - 2 * t);
}
