namespace Toolchain.Data.Procedural.Rendering;

/// <summary>
/// Surgical skin-marker ink near the lesion: a purple or violet-blue arc around it, a ring of
/// dots, or both. Line and dot sizes have pixel minimums so marks survive at 32x32.
/// </summary>
internal sealed class InkModel
{
    private static readonly Rgb[] Inks = [new(128, 52, 160), new(92, 60, 172), new(150, 60, 150)];

    private readonly Rgb _ink;
    private readonly List<(double X, double Y)> _arc = [];
    private readonly List<(double X, double Y, double R)> _dots = [];
    private readonly double _lineWidth;

    public InkModel(SplitMix64 rng, int resolution, LesionModel lesion)
    {
        double pixel = 1.0 / resolution;
        _ink = Inks[rng.NextInt(0, Inks.Length)];
        // Just outside the lesion, but never so far that the marks leave the image.
        double radius = Math.Min(lesion.OuterRadius * rng.Uniform(1.1, 1.35), 0.36);
        _lineWidth = Math.Max(1.3 * pixel, rng.Uniform(0.010, 0.018));
        int style = rng.NextInt(0, 3); // 0 arc, 1 dots, 2 both

        double start = rng.Uniform(0, 2 * Math.PI);
        double span = rng.Uniform(0.5 * Math.PI, 1.7 * Math.PI);
        const int arcSteps = 48;
        for (int i = 0; i <= arcSteps; i++)
        {
            double wobble = 1 + 0.04 * (rng.NextDouble() - 0.5);
            (double sin, double cos) = StableMath.SinCos(start + span * i / arcSteps);
            if (style != 1) _arc.Add((lesion.CentreX + radius * wobble * cos, lesion.CentreY + radius * wobble * sin));
        }

        int dotCount = rng.NextInt(3, 8);
        double dotRadius = Math.Max(1.3 * pixel, rng.Uniform(0.010, 0.02));
        double dotStart = rng.Uniform(0, 2 * Math.PI);
        for (int i = 0; i < dotCount; i++)
        {
            (double sin, double cos) = StableMath.SinCos(dotStart + 2 * Math.PI * i / dotCount + rng.Uniform(-0.2, 0.2));
            double r = radius * rng.Uniform(1.0, 1.1);
            if (style != 0) _dots.Add((lesion.CentreX + r * cos, lesion.CentreY + r * sin, dotRadius));
        }
    }

    public void Rasterise(CoverageLayer layer)
    {
        layer.FillPolyline(_arc, _lineWidth / 2);
        foreach (var (x, y, r) in _dots) layer.FillDisk(x, y, r);
    }

    /// <summary>Mostly opaque marker ink, dimmed on dark skin so it looks applied rather than glowing.</summary>
    public Rgb Over(Rgb below, Rgb skin)
    {
        double scale = 0.7 + 0.3 * Math.Min(skin.Luma / 200.0, 1.0);
        return Rgb.Lerp(below, _ink * scale, 0.85);
    }
}
