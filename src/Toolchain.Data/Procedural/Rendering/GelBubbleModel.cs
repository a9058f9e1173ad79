namespace Toolchain.Data.Procedural.Rendering;

/// <summary>
/// Air bubbles trapped in immersion gel: round, slightly brightened inside, with a bright rim
/// and a specular highlight. Radii have a pixel minimum so bubbles read as rings at 32x32.
/// </summary>
internal sealed class GelBubbleModel
{
    private readonly List<(double X, double Y, double R, double Rim)> _bubbles = [];

    public GelBubbleModel(SplitMix64 rng, int resolution)
    {
        double pixel = 1.0 / resolution;
        int count = rng.NextInt(1, 6);
        bool cluster = rng.Bernoulli(0.3);
        double clusterX = rng.Uniform(0.2, 0.8), clusterY = rng.Uniform(0.2, 0.8);
        for (int i = 0; i < count + (cluster ? 4 : 0); i++)
        {
            double x = rng.Uniform(0.08, 0.92), y = rng.Uniform(0.08, 0.92);
            double size = rng.Uniform(0.035, 0.10);
            double jitterX = rng.Uniform(-0.08, 0.08), jitterY = rng.Uniform(-0.08, 0.08);
            if (i >= count)
            {
                // Small bubbles huddled together, as gel foam forms.
                x = clusterX + jitterX;
                y = clusterY + jitterY;
                size *= 0.5;
            }
            double r = Math.Max(3.0 * pixel, size);
            _bubbles.Add((x, y, r, Math.Max(1.0 * pixel, 0.18 * r)));
        }
    }

    public void Rasterise(CoverageLayer body, CoverageLayer rim, CoverageLayer highlight)
    {
        foreach (var (x, y, r, rimWidth) in _bubbles)
        {
            body.FillDisk(x, y, r);
            rim.FillAnnulus(x, y, r - rimWidth, r);
            highlight.FillDisk(x - 0.35 * r, y - 0.35 * r, Math.Max(0.22 * r, 0.5 * rimWidth));
        }
    }

    public static Rgb OverBody(Rgb below) => Rgb.Lerp(below, Rgb.White, 0.18);

    public static Rgb OverRim(Rgb below) => Rgb.Lerp(below, Rgb.White, 0.75);

    public static Rgb OverHighlight(Rgb below) => Rgb.Lerp(below, Rgb.White, 0.92);
}
