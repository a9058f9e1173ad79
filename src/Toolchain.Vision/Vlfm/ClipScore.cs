namespace Toolchain.Vision.Vlfm;

/// <summary>CLIP score: 100 * max(cosine(image, prompt), 0), averaged over images.</summary>
public static class ClipScore
{
    public static double FromCosines(IReadOnlyCollection<float> cosines)
    {
        if (cosines.Count == 0)
        {
            throw new ArgumentException("no images to score", nameof(cosines));
        }
        return cosines.Average(c => 100.0 * Math.Max(c, 0.0));
    }
}
