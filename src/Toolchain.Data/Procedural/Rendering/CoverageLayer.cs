namespace Toolchain.Data.Procedural.Rendering;

/// <summary>
/// Which sub-samples of the supersampled grid one painted element covers. Shapes are given in
/// normalised image coordinates (0..1 across the image); the composite averages sub-samples,
/// which anti-aliases edges, and the element's pixel mask is where at least half are covered.
/// </summary>
internal sealed class CoverageLayer
{
    private readonly bool[] _covered;

    public CoverageLayer(int pixels, int supersampling)
    {
        Pixels = pixels;
        Supersampling = supersampling;
        Side = pixels * supersampling;
        _covered = new bool[Side * Side];
    }

    public int Pixels { get; }

    public int Supersampling { get; }

    /// <summary>Sub-samples per image side.</summary>
    public int Side { get; }

    public bool this[int sx, int sy] => _covered[sy * Side + sx];

    /// <summary>Normalised coordinate of the centre of sub-sample column or row <paramref name="s"/>.</summary>
    public double Coordinate(int s) => (s + 0.5) / Side;

    public void FillDisk(double cx, double cy, double radius) =>
        FillWhere(cx - radius, cy - radius, cx + radius, cy + radius, (x, y) =>
        {
            double dx = x - cx, dy = y - cy;
            return dx * dx + dy * dy <= radius * radius;
        });

    public void FillAnnulus(double cx, double cy, double innerRadius, double outerRadius) =>
        FillWhere(cx - outerRadius, cy - outerRadius, cx + outerRadius, cy + outerRadius, (x, y) =>
        {
            double dx = x - cx, dy = y - cy, d2 = dx * dx + dy * dy;
            return d2 <= outerRadius * outerRadius && d2 >= innerRadius * innerRadius;
        });

    /// <summary>A segment with round caps: every point within halfWidth of segment AB.</summary>
    public void FillCapsule(double ax, double ay, double bx, double by, double halfWidth)
    {
        double abx = bx - ax, aby = by - ay, length2 = abx * abx + aby * aby;
        FillWhere(Math.Min(ax, bx) - halfWidth, Math.Min(ay, by) - halfWidth,
            Math.Max(ax, bx) + halfWidth, Math.Max(ay, by) + halfWidth, (x, y) =>
            {
                double t = length2 > 0 ? Math.Clamp(((x - ax) * abx + (y - ay) * aby) / length2, 0, 1) : 0;
                double dx = x - (ax + t * abx), dy = y - (ay + t * aby);
                return dx * dx + dy * dy <= halfWidth * halfWidth;
            });
    }

    public void FillPolyline(IReadOnlyList<(double X, double Y)> points, double halfWidth)
    {
        for (int i = 0; i + 1 < points.Count; i++)
            FillCapsule(points[i].X, points[i].Y, points[i + 1].X, points[i + 1].Y, halfWidth);
    }

    /// <summary>Covers the sub-samples inside the bounding box (normalised coordinates) where the predicate holds.</summary>
    public void FillWhere(double minX, double minY, double maxX, double maxY, Func<double, double, bool> inside)
    {
        int x0 = Math.Max(0, (int)Math.Floor(minX * Side)), x1 = Math.Min(Side - 1, (int)Math.Ceiling(maxX * Side));
        int y0 = Math.Max(0, (int)Math.Floor(minY * Side)), y1 = Math.Min(Side - 1, (int)Math.Ceiling(maxY * Side));
        for (int sy = y0; sy <= y1; sy++)
        {
            double y = Coordinate(sy);
            for (int sx = x0; sx <= x1; sx++)
                if (!_covered[sy * Side + sx] && inside(Coordinate(sx), y))
                    _covered[sy * Side + sx] = true;
        }
    }

    /// <summary>How many of pixel (px, py)'s sub-samples are covered.</summary>
    public int CountInPixel(int px, int py)
    {
        int count = 0;
        for (int j = 0; j < Supersampling; j++)
        {
            int row = (py * Supersampling + j) * Side + px * Supersampling;
            for (int i = 0; i < Supersampling; i++)
                if (_covered[row + i]) count++;
        }
        return count;
    }

    /// <summary>Pixel mask: 255 where at least half of the pixel is covered, else 0.</summary>
    public byte[] ToPixelMask()
    {
        var mask = new byte[Pixels * Pixels];
        int half = (Supersampling * Supersampling + 1) / 2;
        for (int py = 0; py < Pixels; py++)
            for (int px = 0; px < Pixels; px++)
                if (CountInPixel(px, py) >= half) mask[py * Pixels + px] = 255;
        return mask;
    }

    /// <summary>Union of several layers' pixel masks: a pixel counts when at least half of it is covered by any of them.</summary>
    public static byte[] UnionPixelMask(params CoverageLayer[] layers)
    {
        CoverageLayer first = layers[0];
        int n = first.Pixels, s = first.Supersampling;
        var mask = new byte[n * n];
        int half = (s * s + 1) / 2;
        for (int py = 0; py < n; py++)
            for (int px = 0; px < n; px++)
            {
                int count = 0;
                for (int j = 0; j < s; j++)
                    for (int i = 0; i < s; i++)
                    {
                        int sx = px * s + i, sy = py * s + j;
                        foreach (CoverageLayer layer in layers)
                            if (layer[sx, sy]) { count++; break; }
                    }
                if (count >= half) mask[py * n + px] = 255;
            }
        return mask;
    }
}
