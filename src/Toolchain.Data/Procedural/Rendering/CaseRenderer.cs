namespace Toolchain.Data.Procedural.Rendering;

/// <summary>
/// Paints one case from its labels: skin, lesion, then ink, hair, ruler, gel bubbles (the
/// order in which they lie between skin and lens), then the dark corner of the optics.
/// Every component draws its geometry from its own stream, so e.g. adding hair to a case does
/// not move its lesion, and the draws do not depend on resolution (only pixel minimums do).
/// </summary>
internal sealed class CaseRenderer
{
    // Stream keys of the components (arbitrary distinct constants, fixed forever).
    private const ulong SkinStream = 1, LesionStream = 2, InkStream = 3, HairStream = 4,
        RulerStream = 5, GelBubbleStream = 6, DarkCornerStream = 7, LookStream = 8;

    /// <summary>Sub-samples per pixel side: 4x4 for small images, where edges matter most, fewer for large ones.</summary>
    public static int SupersamplingFor(int resolution) => resolution <= 64 ? 4 : resolution <= 192 ? 3 : 2;

    /// <param name="diagnosisOverlap">0..1: how far a lesion's look may lean towards the other diagnosis (see <see cref="LookOf"/>).</param>
    public static RenderedCase Render(CaseLabels labels, ulong renderSeed, int resolution, double diagnosisOverlap = 0)
    {
        int n = resolution, s = SupersamplingFor(n);
        SplitMix64 Stream(ulong key) => new(SplitMix64.Derive(renderSeed, key));

        var skin = new SkinModel(labels.Fitzpatrick, Stream(SkinStream));
        var lesion = new LesionModel(LookOf(labels, diagnosisOverlap, Stream(LookStream)), Stream(LesionStream));
        var lesionLayer = new CoverageLayer(n, s);
        lesion.Rasterise(lesionLayer);

        DarkCornerModel? darkCorner = labels.Has(ArtifactFlags.DarkCorner) ? new DarkCornerModel(Stream(DarkCornerStream), n) : null;

        InkModel? ink = null;
        CoverageLayer? inkLayer = null;
        if (labels.Has(ArtifactFlags.Ink))
        {
            ink = new InkModel(Stream(InkStream), n, lesion);
            inkLayer = new CoverageLayer(n, s);
            ink.Rasterise(inkLayer);
        }

        HairModel? hair = null;
        CoverageLayer? hairLayer = null;
        if (labels.Has(ArtifactFlags.Hair))
        {
            hair = new HairModel(Stream(HairStream), n);
            hairLayer = new CoverageLayer(n, s);
            hair.Rasterise(hairLayer);
        }

        CoverageLayer? rulerBand = null, rulerTicks = null;
        if (labels.Has(ArtifactFlags.Ruler))
        {
            var ruler = new RulerModel(Stream(RulerStream), n, darkCorner?.EdgeInset ?? 0);
            rulerBand = new CoverageLayer(n, s);
            rulerTicks = new CoverageLayer(n, s);
            ruler.Rasterise(rulerBand, rulerTicks);
        }

        CoverageLayer? bubbleBody = null, bubbleRim = null, bubbleHighlight = null;
        if (labels.Has(ArtifactFlags.GelBubble))
        {
            var bubbles = new GelBubbleModel(Stream(GelBubbleStream), n);
            bubbleBody = new CoverageLayer(n, s);
            bubbleRim = new CoverageLayer(n, s);
            bubbleHighlight = new CoverageLayer(n, s);
            bubbles.Rasterise(bubbleBody, bubbleRim, bubbleHighlight);
        }

        var rgb = new byte[n * n * 3];
        byte[]? darkMask = darkCorner is null ? null : new byte[n * n];
        double inverseSamples = 1.0 / (s * s);
        for (int py = 0; py < n; py++)
        {
            double v = (py + 0.5) / n;
            for (int px = 0; px < n; px++)
            {
                double u = (px + 0.5) / n;
                Rgb skinColor = skin.ColorAt(u, v);
                Rgb lesionColor = lesionLayer.CountInPixel(px, py) > 0 ? lesion.ColorAt(u, v, skinColor) : skinColor;
                var sum = new Rgb(0, 0, 0);
                for (int j = 0; j < s; j++)
                {
                    int sy = py * s + j;
                    for (int i = 0; i < s; i++)
                    {
                        int sx = px * s + i;
                        Rgb c = lesionLayer[sx, sy] ? lesionColor : skinColor;
                        if (inkLayer is not null && inkLayer[sx, sy]) c = ink!.Over(c, skinColor);
                        if (hairLayer is not null && hairLayer[sx, sy]) c = hair!.Over(c, skinColor);
                        if (rulerBand is not null && rulerBand[sx, sy]) c = RulerModel.OverBand(c);
                        if (rulerTicks is not null && rulerTicks[sx, sy]) c = RulerModel.OverTick(c);
                        if (bubbleBody is not null && bubbleBody[sx, sy]) c = GelBubbleModel.OverBody(c);
                        if (bubbleRim is not null && bubbleRim[sx, sy]) c = GelBubbleModel.OverRim(c);
                        if (bubbleHighlight is not null && bubbleHighlight[sx, sy]) c = GelBubbleModel.OverHighlight(c);
                        sum += c;
                    }
                }
                Rgb color = sum * inverseSamples;
                if (darkCorner is not null)
                {
                    color *= 1 - darkCorner.Darkening(u, v);
                    if (darkCorner.IsDarkened(u, v)) darkMask![py * n + px] = 255;
                }
                int o = (py * n + px) * 3;
                rgb[o] = Quantise(color.R);
                rgb[o + 1] = Quantise(color.G);
                rgb[o + 2] = Quantise(color.B);
            }
        }

        var masks = new Dictionary<ArtifactFlags, byte[]>();
        if (hairLayer is not null) masks[ArtifactFlags.Hair] = hairLayer.ToPixelMask();
        if (bubbleBody is not null) masks[ArtifactFlags.GelBubble] = CoverageLayer.UnionPixelMask(bubbleBody, bubbleRim!, bubbleHighlight!);
        if (rulerBand is not null) masks[ArtifactFlags.Ruler] = CoverageLayer.UnionPixelMask(rulerBand, rulerTicks!);
        if (inkLayer is not null) masks[ArtifactFlags.Ink] = inkLayer.ToPixelMask();
        if (darkMask is not null) masks[ArtifactFlags.DarkCorner] = darkMask;
        return new RenderedCase(rgb, lesionLayer.ToPixelMask(), masks);
    }

    /// <summary>
    /// The lesion's look, 0 (nevus) to 1 (melanoma): the diagnosis's own end, moved towards the other by a uniform
    /// share of <paramref name="overlap"/>. Without overlap no draw is made, so cases keep the bytes they had before.
    /// </summary>
    internal static double LookOf(CaseLabels labels, double overlap, SplitMix64 rng)
    {
        double own = labels.IsMelanoma ? 1 : 0;
        if (overlap == 0) return own;
        double shift = overlap * rng.NextDouble();
        return labels.IsMelanoma ? 1 - shift : shift;
    }

    private static byte Quantise(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
}

internal sealed record RenderedCase(byte[] Rgb, byte[] LesionMask, IReadOnlyDictionary<ArtifactFlags, byte[]> ArtifactMasks);
