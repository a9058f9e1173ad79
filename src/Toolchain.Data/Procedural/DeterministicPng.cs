using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Toolchain.Data.Procedural;

/// <summary>
/// PNG encoding with every encoder choice fixed and no ancillary chunks (no gAMA, pHYs, text or
/// time), so identical pixels always give identical bytes with the pinned ImageSharp 2.1.13.
/// </summary>
public static class DeterministicPng
{
    private static readonly PngEncoder RgbEncoder = CreateEncoder(PngColorType.Rgb);
    private static readonly PngEncoder GrayEncoder = CreateEncoder(PngColorType.Grayscale);

    /// <summary>Encodes row-major 8-bit RGB pixels (width*height*3 bytes).</summary>
    public static byte[] EncodeRgb(byte[] rgb, int width, int height)
    {
        RequireLength(rgb, width * height * 3, "RGB");
        using Image<Rgb24> image = Image.LoadPixelData<Rgb24>(rgb, width, height);
        return Save(image, RgbEncoder);
    }

    /// <summary>Encodes a row-major 8-bit single-channel image (masks: 0 or 255).</summary>
    public static byte[] EncodeGray(byte[] gray, int width, int height)
    {
        RequireLength(gray, width * height, "grayscale");
        using Image<L8> image = Image.LoadPixelData<L8>(gray, width, height);
        return Save(image, GrayEncoder);
    }

    private static PngEncoder CreateEncoder(PngColorType colorType) => new()
    {
        ColorType = colorType,
        BitDepth = PngBitDepth.Bit8,
        CompressionLevel = PngCompressionLevel.DefaultCompression,
        FilterMethod = PngFilterMethod.Adaptive,
        InterlaceMethod = PngInterlaceMode.None,
        ChunkFilter = PngChunkFilter.ExcludeAll,
        IgnoreMetadata = true,
        TransparentColorMode = PngTransparentColorMode.Preserve,
    };

    private static byte[] Save(Image image, PngEncoder encoder)
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    private static void RequireLength(byte[] pixels, int expected, string kind)
    {
        if (pixels.Length != expected)
            throw new ArgumentException($"Expected {expected} bytes of {kind} pixels, got {pixels.Length}.", nameof(pixels));
    }
}
