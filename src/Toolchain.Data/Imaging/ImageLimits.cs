namespace Toolchain.Data.Imaging;

/// <summary>
/// Bounds checked on an image's header before any pixel memory is allocated. A file that declares more pixels
/// than <see cref="MaxPixels"/> (or a side longer than <see cref="MaxSide"/>) is treated as a decompression bomb:
/// a few kilobytes of compressed data can otherwise ask for gigabytes once decoded.
/// </summary>
public sealed record ImageLimits
{
    public static readonly ImageLimits Default = new();

    /// <summary>Longest allowed width or height in pixels.</summary>
    public int MaxSide { get; init; } = 20_000;

    /// <summary>Largest allowed width x height (100 megapixels is far above any dermoscope).</summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>Largest allowed file size in bytes.</summary>
    public long MaxFileBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// Largest single pixel buffer the decoder may allocate (ImageSharp's allocation limit): the last bound, for
    /// whatever the header checks do not foresee.
    /// </summary>
    public int MaxDecodedMegabytes { get; init; } = 1024;

    /// <summary>
    /// Largest ancillary chunk of a PNG (text, ICC profile, EXIF...): a megabyte of zTXt can inflate to a gigabyte.
    /// Pixel data (IDAT) is bounded by the declared size instead.
    /// </summary>
    public int MaxAncillaryChunkBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Largest inflated size of one compressed PNG metadata chunk (zTXt, compressed iTXt, iCCP).</summary>
    public int MaxInflatedMetadataBytes { get; init; } = 16 * 1024 * 1024;
}
