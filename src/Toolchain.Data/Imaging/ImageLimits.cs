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
}
