namespace Toolchain.Data.Procedural;

/// <summary>
/// Sine and cosine from plain IEEE arithmetic. Math.Sin/Math.Cos defer to the platform's C
/// library, whose last-bit rounding differs between systems; rendering uses these instead so
/// the same seed gives the same bytes on every machine.
/// </summary>
internal static class StableMath
{
    private const double HalfPi = Math.PI / 2;

    public static double Sin(double x) => SinCos(x).Sin;

    public static double Cos(double x) => SinCos(x).Cos;

    public static (double Sin, double Cos) SinCos(double x)
    {
        // Reduce to r in [-pi/4, pi/4] with x = r + quadrant * pi/2 (Math.Round is exact IEEE).
        double quadrant = Math.Round(x / HalfPi);
        double r = x - quadrant * HalfPi;
        double s = SinKernel(r), c = CosKernel(r);
        long q = (long)quadrant & 3;
        return q switch
        {
            0 => (s, c),
            1 => (c, -s),
            2 => (-s, -c),
            _ => (-c, s),
        };
    }

    // Taylor series to the 17th/18th power: error below 1e-16 on [-pi/4, pi/4].
    private static double SinKernel(double r)
    {
        double r2 = r * r;
        double p = 1.0 / 355687428096000.0;          // 1/17!
        p = p * r2 - 1.0 / 1307674368000.0;           // 1/15!
        p = p * r2 + 1.0 / 6227020800.0;              // 1/13!
        p = p * r2 - 1.0 / 39916800.0;                // 1/11!
        p = p * r2 + 1.0 / 362880.0;                  // 1/9!
        p = p * r2 - 1.0 / 5040.0;                    // 1/7!
        p = p * r2 + 1.0 / 120.0;                     // 1/5!
        p = p * r2 - 1.0 / 6.0;                       // 1/3!
        return r + r * r2 * p;
    }

    private static double CosKernel(double r)
    {
        double r2 = r * r;
        double p = 1.0 / 6402373705728000.0;         // 1/18!
        p = p * r2 - 1.0 / 20922789888000.0;          // 1/16!
        p = p * r2 + 1.0 / 87178291200.0;             // 1/14!
        p = p * r2 - 1.0 / 479001600.0;               // 1/12!
        p = p * r2 + 1.0 / 3628800.0;                 // 1/10!
        p = p * r2 - 1.0 / 40320.0;                   // 1/8!
        p = p * r2 + 1.0 / 720.0;                     // 1/6!
        p = p * r2 - 1.0 / 24.0;                      // 1/4!
        p = p * r2 + 0.5;                             // 1/2!
        return 1.0 - r2 * p;
    }

    public static double Clamp01(double x) => x < 0 ? 0 : x > 1 ? 1 : x;

    public static double Lerp(double a, double b, double t) => a + (b - a) * t;

    /// <summary>Hermite smoothstep from 0 at edge0 to 1 at edge1.</summary>
    public static double SmoothStep(double edge0, double edge1, double x)
    {
        double t = Clamp01((x - edge0) / (edge1 - edge0));
        return t * t * (3 - 2 * t);
    }
}
