using Toolchain.Data.Imaging;
using Toolchain.Data.Importers;
using Toolchain.Data.Tests.TestSupport;

namespace Toolchain.Data.Tests.Imaging;

public sealed class ImageDecoderTests
{
    private readonly ImageDecoder decoder = new();

    [Fact]
    public void DecodesJpegAndPng()
    {
        using var jpeg = decoder.Decode(TinyImages.Jpeg(3));
        using var png = decoder.Decode(TinyImages.Png(3));
        Assert.Equal((24, 20), (jpeg.Width, jpeg.Height));
        Assert.Equal(TinyImages.Pattern(24, 20, 3)[5, 7], png[5, 7]);
    }

    [Theory]
    [InlineData("text", DataProblemKind.NotAnImage)]
    [InlineData("empty", DataProblemKind.NotAnImage)]
    [InlineData("truncated-jpeg", DataProblemKind.CorruptImage)]
    [InlineData("truncated-png", DataProblemKind.CorruptImage)]
    [InlineData("corrupt-jpeg", DataProblemKind.CorruptImage)]
    [InlineData("bomb", DataProblemKind.DecompressionBomb)]
    public void RejectsBadFilesWithTheirKind(string which, DataProblemKind expected)
    {
        var bytes = which switch
        {
            "text" => "image_id,dx\nISIC_1,mel\n"u8.ToArray(),
            "empty" => [],
            "truncated-jpeg" => TinyImages.TruncatedJpeg(1),
            "truncated-png" => TinyImages.Png(1, 40, 40)[..^30],
            "corrupt-jpeg" => TinyImages.CorruptJpeg(1),
            _ => TinyImages.PngBomb(),
        };
        var error = Assert.Throws<ImageDataException>(() => decoder.Decode(bytes));
        Assert.Equal(expected, error.Kind);
    }

    [Fact]
    public void LimitsAreCheckedOnTheHeaderBeforeDecoding()
    {
        var small = new ImageDecoder(new ImageLimits { MaxSide = 100, MaxPixels = 200 });
        var error = Assert.Throws<ImageDataException>(() => small.Decode(TinyImages.Png(1, 20, 20)));
        Assert.Equal(DataProblemKind.DecompressionBomb, error.Kind);
        Assert.Contains("20x20", error.Message);
    }

    [Fact]
    public void MissingFileIsAMissingImage()
    {
        var error = Assert.Throws<ImageDataException>(() => decoder.Decode("/nonexistent/file.jpg"));
        Assert.Equal(DataProblemKind.MissingImage, error.Kind);
    }
}
