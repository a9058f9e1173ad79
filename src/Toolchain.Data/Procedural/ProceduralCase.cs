namespace Toolchain.Data.Procedural;

/// <summary>
/// One generated dermoscopy image with its ground truth. Pixels are row-major 8-bit RGB;
/// masks are row-major bytes, 255 where the element covers at least half of the pixel, else 0.
/// Only artifacts that are present have a mask (<see cref="MaskOf"/> returns null otherwise),
/// and a present artifact's mask is never empty. The lesion mask is always present.
/// </summary>
public sealed class ProceduralCase
{
    internal ProceduralCase(int index, int resolution, CaseLabels labels, byte[] rgb, byte[] lesionMask,
        IReadOnlyDictionary<ArtifactFlags, byte[]> artifactMasks)
    {
        Index = index;
        Width = resolution;
        Height = resolution;
        Labels = labels;
        Rgb = rgb;
        LesionMask = lesionMask;
        ArtifactMasks = artifactMasks;
    }

    /// <summary>Position in the generator's sequence; with the options' seed it determines everything else.</summary>
    public int Index { get; }

    public int Width { get; }

    public int Height { get; }

    public CaseLabels Labels { get; }

    /// <summary>Height*Width*3 bytes, row-major RGB.</summary>
    public byte[] Rgb { get; }

    /// <summary>Height*Width bytes, 255 inside the lesion.</summary>
    public byte[] LesionMask { get; }

    /// <summary>Masks of the artifacts present, keyed by single artifact flag.</summary>
    public IReadOnlyDictionary<ArtifactFlags, byte[]> ArtifactMasks { get; }

    public string Diagnosis => Labels.Diagnosis;

    /// <summary>Fitzpatrick skin type, 1..6.</summary>
    public int Fitzpatrick => Labels.Fitzpatrick;

    public ArtifactFlags Artifacts => Labels.Artifacts;

    public bool Hair => Labels.Has(ArtifactFlags.Hair);

    public bool GelBubble => Labels.Has(ArtifactFlags.GelBubble);

    public bool Ruler => Labels.Has(ArtifactFlags.Ruler);

    public bool Ink => Labels.Has(ArtifactFlags.Ink);

    public bool DarkCorner => Labels.Has(ArtifactFlags.DarkCorner);

    /// <summary>ISIC anatom_site_general value, e.g. "posterior torso".</summary>
    public string AnatomSite => Labels.AnatomSite;

    /// <summary>Age rounded to 5 years, as ISIC's age_approx.</summary>
    public int AgeApprox => Labels.AgeApprox;

    /// <summary>"male" or "female".</summary>
    public string Sex => Labels.Sex;

    /// <summary>The mask of one artifact, or null when the case does not show it.</summary>
    public byte[]? MaskOf(ArtifactFlags artifact) => ArtifactMasks.TryGetValue(artifact, out byte[]? mask) ? mask : null;

    public byte[] EncodeImagePng() => DeterministicPng.EncodeRgb(Rgb, Width, Height);

    public byte[] EncodeMaskPng(byte[] mask) => DeterministicPng.EncodeGray(mask, Width, Height);
}
