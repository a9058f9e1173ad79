using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Toolchain.Data.Imaging;

/// <summary>
/// Deterministic PNG encoding: fixed compression level and filter, 8-bit RGB (or grey for masks), no ancillary
/// chunks (no gamma, physical size, text or EXIF), so the same pixels always give the same bytes.
/// </summary>
public static class PngFiles
{
    private static readonly PngEncoder RgbEncoder = new()
    {
        ColorType = PngColorType.Rgb,
        BitDepth = PngBitDepth.Bit8,
        CompressionLevel = PngCompressionLevel.Level6,
        FilterMethod = PngFilterMethod.Adaptive,
        InterlaceMethod = PngInterlaceMode.None,
        ChunkFilter = PngChunkFilter.ExcludeAll,
        TransparentColorMode = PngTransparentColorMode.Preserve,
    };

    private static readonly PngEncoder GreyEncoder = new()
    {
        ColorType = PngColorType.Grayscale,
        BitDepth = PngBitDepth.Bit8,
        CompressionLevel = PngCompressionLevel.Level6,
        FilterMethod = PngFilterMethod.Adaptive,
        InterlaceMethod = PngInterlaceMode.None,
        ChunkFilter = PngChunkFilter.ExcludeAll,
    };

    public static byte[] Encode(Image<Rgb24> image) => EncodeWith(image, RgbEncoder);

    public static byte[] Encode(Image<L8> mask) => EncodeWith(mask, GreyEncoder);

    private static byte[] EncodeWith(Image image, PngEncoder encoder)
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }
}
