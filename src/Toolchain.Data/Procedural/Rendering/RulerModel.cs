namespace Toolchain.Data.Procedural.Rendering;

/// <summary>
/// A measuring scale near one image edge: a pale translucent band, slightly tilted, with dark
/// tick marks rising from its outer edge (every fifth one longer). Band width and tick spacing
/// have pixel minimums so the comb pattern is still visible at 32x32.
/// </summary>
internal sealed class RulerModel
{
    private readonly double _ox, _oy, _dx, _dy, _nx, _ny;
    private readonly double _halfWidth, _spacing, _tickHalfWidth, _phase;

    /// <param name="insetFromEdge">Extra distance from the edge, used to keep the ruler inside the dermatoscope's round field.</param>
    public RulerModel(SplitMix64 rng, int resolution, double insetFromEdge)
    {
        double pixel = 1.0 / resolution;
        int side = rng.NextInt(0, 4); // top, bottom, left, right
        double offset = rng.Uniform(0.02, 0.08) + insetFromEdge;
        double width = Math.Max(4.5 * pixel, rng.Uniform(0.08, 0.12));
        double tilt = rng.Uniform(-0.12, 0.12);
        _spacing = Math.Max(2.6 * pixel, rng.Uniform(0.025, 0.04));
        _tickHalfWidth = Math.Max(0.9 * pixel, 0.3 * _spacing) / 2;
        _phase = rng.NextDouble() * _spacing;
        _halfWidth = width / 2;

        double centre = offset + _halfWidth;
        (double ox, double oy, double dx, double dy, double nx, double ny) = side switch
        {
            0 => (0.5, centre, 1.0, 0.0, 0.0, 1.0),
            1 => (0.5, 1 - centre, 1.0, 0.0, 0.0, -1.0),
            2 => (centre, 0.5, 0.0, 1.0, 1.0, 0.0),
            _ => (1 - centre, 0.5, 0.0, 1.0, -1.0, 0.0),
        };
        (double sin, double cos) = StableMath.SinCos(tilt);
        (_ox, _oy) = (ox, oy);
        (_dx, _dy) = (dx * cos - dy * sin, dx * sin + dy * cos);
        (_nx, _ny) = (nx * cos - ny * sin, nx * sin + ny * cos);
    }

    public void Rasterise(CoverageLayer band, CoverageLayer ticks)
    {
        band.FillWhere(0, 0, 1, 1, (x, y) => Math.Abs(Across(x, y)) <= _halfWidth);
        ticks.FillWhere(0, 0, 1, 1, IsTick);
    }

    private double Across(double x, double y) => (x - _ox) * _nx + (y - _oy) * _ny;

    private bool IsTick(double x, double y)
    {
        double fromOuterEdge = Across(x, y) + _halfWidth;
        if (fromOuterEdge < 0 || fromOuterEdge > 2 * _halfWidth) return false;
        double along = (x - _ox) * _dx + (y - _oy) * _dy - _phase;
        double k = Math.Round(along / _spacing);
        if (Math.Abs(along - k * _spacing) > _tickHalfWidth) return false;
        bool major = ((long)k % 5 + 5) % 5 == 0;
        return fromOuterEdge <= (major ? 1.3 : 0.75) * _halfWidth;
    }

    public static Rgb OverBand(Rgb below) => Rgb.Lerp(below, new Rgb(236, 234, 222), 0.6);

    public static Rgb OverTick(Rgb below) => Rgb.Lerp(below, new Rgb(22, 22, 28), 0.9);
}
