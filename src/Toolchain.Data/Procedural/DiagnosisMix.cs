namespace Toolchain.Data.Procedural;

/// <summary>Relative frequencies of melanoma and nevus; normalised, so (0.3, 0.7) and (3, 7) mean the same.</summary>
public sealed record DiagnosisMix(double Melanoma, double Nevus)
{
    /// <summary>Melanoma share of ISIC 2019's MEL+NV images (4,522 of 17,397), rounded.</summary>
    public static DiagnosisMix IsicLike { get; } = new(0.26, 0.74);

    public double MelanomaProbability => Melanoma / (Melanoma + Nevus);
}
