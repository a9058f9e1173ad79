namespace Toolchain.Data.Procedural.Rendering;

/// <summary>
/// Several thin, dark, gently curved hair shafts crossing the field. Each strand is traced as
/// a polyline through a random point with slowly turning direction; thickness never drops
/// below about one pixel so hair stays visible at 32x32.
/// </summary>
internal sealed class HairModel
{
    private const int StepsPerUnit = 32;

    private readonly List<(IReadOnlyList<(double X, double Y)> Points, double Width)> _strands = [];
    private readonly double _darkness;

    public HairModel(SplitMix64 rng, int resolution)
    {
        double pixel = 1.0 / resolution;
        int count = rng.NextInt(3, 11);
        _darkness = rng.Uniform(0.18, 0.36);
        for (int i = 0; i < count; i++)
        {
            double x = rng.Uniform(0.08, 0.92), y = rng.Uniform(0.08, 0.92);
            double heading = rng.Uniform(0, 2 * Math.PI);
            double length = rng.Uniform(0.6, 1.5);
            double curvature = rng.Uniform(-2.5, 2.5);
            double width = Math.Max(1.15 * pixel, rng.Uniform(0.004, 0.009));
            _strands.Add((Trace(x, y, heading, length, curvature), width));
        }
    }

    /// <summary>Points from one end to the other, with (x, y) at the middle of the strand.</summary>
    private static List<(double X, double Y)> Trace(double x, double y, double heading, double length, double curvature)
    {
        int half = (int)Math.Ceiling(length * StepsPerUnit / 2);
        double step = 1.0 / StepsPerUnit;
        var forward = Walk(x, y, heading, curvature, step, half);
        var backward = Walk(x, y, heading + Math.PI, -curvature, step, half);
        backward.Reverse();
        backward.AddRange(forward.Skip(1));
        return backward;
    }

    private static List<(double X, double Y)> Walk(double x, double y, double heading, double curvature, double step, int steps)
    {
        var points = new List<(double X, double Y)>(steps + 1) { (x, y) };
        for (int s = 0; s < steps; s++)
        {
            heading += curvature * step;
            (double sin, double cos) = StableMath.SinCos(heading);
            x += cos * step;
            y += sin * step;
            points.Add((x, y));
        }
        return points;
    }

    public void Rasterise(CoverageLayer layer)
    {
        foreach (var (points, width) in _strands)
            layer.FillPolyline(points, width / 2);
    }

    /// <summary>Hair absorbs: always clearly darker than what lies under it.</summary>
    public Rgb Over(Rgb below, Rgb skin) => Rgb.Min(below * 0.55, skin * _darkness);
}
