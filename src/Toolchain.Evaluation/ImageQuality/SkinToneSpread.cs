using Toolchain.Evaluation.Plots;

namespace Toolchain.Evaluation.ImageQuality;

/// <summary>
/// How varied the skin is across a set of images: per image, the median Rec. 601 luma (0-255) of its pixels
/// stands for its skin tone (the lesion and the artifacts cover less than half of a dermoscopic image, so the
/// median pixel is skin), and the spread is the standard deviation of those medians over the set. A generator
/// that draws every image on one averaged tone has a spread near 0 whatever its other scores.
/// </summary>
public static class SkinToneSpread
{
    public sealed record Result(int Images, double MeanLuma, double LumaStd, double LumaP10, double LumaP90);

    public static double MedianLuma(RgbImage image)
    {
        int count = image.Width * image.Height;
        var luma = new double[count];
        for (int i = 0; i < count; i++)
        {
            luma[i] = 0.299 * image.Pixels[3 * i] + 0.587 * image.Pixels[3 * i + 1] + 0.114 * image.Pixels[3 * i + 2];
        }
        Array.Sort(luma);
        return count % 2 == 1 ? luma[count / 2] : 0.5 * (luma[count / 2 - 1] + luma[count / 2]);
    }

    public static Result Of(IReadOnlyList<RgbImage> images)
    {
        if (images.Count == 0) throw new ArgumentException("no images to measure", nameof(images));
        var medians = images.Select(MedianLuma).Order().ToArray();
        double mean = medians.Average();
        double std = Math.Sqrt(medians.Sum(m => (m - mean) * (m - mean)) / Math.Max(1, medians.Length - 1));
        return new Result(medians.Length, mean, std, Quantile(medians, 0.1), Quantile(medians, 0.9));
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(sorted.Length - 1, lower + 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
