namespace Toolchain.Data.Procedural.Rendering;

/// <summary>
/// The dark surround of a round dermatoscope field: outside a circle slightly larger than the
/// inscribed one, the image fades to near black over a couple of pixels. The darkened region
/// is everything outside the circle, which always includes the corners.
/// </summary>
internal sealed class DarkCornerModel
{
    // Keeps the field circle short of the corner pixels' centres even at 16x16, so the
    // darkened region is never empty.
    private const double MaxFieldRadius = 0.60;

    private readonly double _cx, _cy, _radius, _softness, _strength;

    public DarkCornerModel(SplitMix64 rng, int resolution)
    {
        _cx = 0.5 + rng.Uniform(-0.02, 0.02);
        _cy = 0.5 + rng.Uniform(-0.02, 0.02);
        _radius = rng.Uniform(0.46, MaxFieldRadius);
        _softness = Math.Max(1.2 / resolution, 0.015);
        _strength = rng.Uniform(0.85, 0.96);
    }

    /// <summary>How far inside from the image edge the field's usable area begins at the edge midpoints.</summary>
    public double EdgeInset => Math.Max(0, 0.5 - _radius + 0.04);

    /// <summary>Fraction of light removed at (u, v): 0 inside the field, up to the strength outside.</summary>
    public double Darkening(double u, double v)
    {
        double dx = u - _cx, dy = v - _cy;
        double d = Math.Sqrt(dx * dx + dy * dy);
        return _strength * StableMath.SmoothStep(_radius - _softness, _radius + _softness, d);
    }

    /// <summary>The darkened region: pixel centres on or outside the field circle.</summary>
    public bool IsDarkened(double u, double v)
    {
        double dx = u - _cx, dy = v - _cy;
        return dx * dx + dy * dy >= _radius * _radius;
    }
}
