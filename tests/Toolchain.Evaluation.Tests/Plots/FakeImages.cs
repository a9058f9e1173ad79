using Toolchain.Core;
using Toolchain.Evaluation.Metrics;
using Toolchain.Evaluation.Plots;

namespace Toolchain.Evaluation.Tests.Plots;

/// <summary>Seeded, plausible-looking 32x32 dermoscopy stand-ins: a lesion on skin, optionally with hair or a ruler.</summary>
internal static class FakeImages
{
    public static RgbImage Lesion(ulong seed, bool hair = false, bool ruler = false, int size = 32)
    {
        var rng = new DeterministicRandom(seed);
        double Uniform() => (rng.NextUInt64() >> 11) * (1.0 / (1UL << 53));
        var pixels = new byte[size * size * 3];
        double cx = size * (0.4 + 0.2 * Uniform());
        double cy = size * (0.4 + 0.2 * Uniform());
        double rx = size * (0.18 + 0.12 * Uniform());
        double ry = size * (0.18 + 0.12 * Uniform());
        double darkness = 0.5 + 0.4 * Uniform();
        double hairSlope = Uniform() * 2 - 1;
        double hairOffset = size * Uniform();
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                double d = Math.Sqrt(Math.Pow((x - cx) / rx, 2) + Math.Pow((y - cy) / ry, 2));
                double lesion = Math.Clamp(1.3 - d, 0, 1) * darkness;
                double noise = (Uniform() - 0.5) * 14;
                double r = 226 - 140 * lesion + noise;
                double g = 180 - 120 * lesion + noise;
                double b = 160 - 110 * lesion + noise;
                if (hair && Math.Abs(y - (hairSlope * x + hairOffset)) < 0.7)
                {
                    r = g = b = 40;
                }
                if (ruler && y >= size - 4 && (x % 4 == 0 || y == size - 4))
                {
                    r = g = b = 20;
                }
                int i = (y * size + x) * 3;
                pixels[i] = (byte)Math.Clamp(r, 0, 255);
                pixels[i + 1] = (byte)Math.Clamp(g, 0, 255);
                pixels[i + 2] = (byte)Math.Clamp(b, 0, 255);
            }
        }
        return new RgbImage(size, size, pixels);
    }
}
