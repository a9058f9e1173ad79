using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Toolchain.Data.Imaging;
using Toolchain.Data.Tests.TestSupport;

namespace Toolchain.Data.Tests.Imaging;

public sealed class ImageResizerTests
{
    [Fact]
    public void CenterCropFillsTheSquareFromTheMiddle()
    {
        using var wide = new Image<Rgb24>(60, 20, new Rgb24(200, 0, 0));
        // Paint the outer thirds blue: a centre crop must drop them entirely.
        for (var y = 0; y < 20; y++)
        {
            for (var x = 0; x < 60; x++)
            {
                if (x < 20 || x >= 40)
                {
                    wide[x, y] = new Rgb24(0, 0, 200);
                }
            }
        }
        using var square = new ImageResizer(10, ResizeMode.CenterCrop).Resize(wide);
        Assert.Equal((10, 10), (square.Width, square.Height));
        Assert.True(square[5, 5].R > 150 && square[5, 5].B < 50);
        Assert.True(square[1, 5].R > 150, "the crop is the centre third, which is red");
    }

    [Fact]
    public void PadKeepsTheWholeImageAndPadsWithBlack()
    {
        using var wide = new Image<Rgb24>(40, 20, new Rgb24(250, 250, 250));
        using var square = new ImageResizer(20, ResizeMode.Pad).Resize(wide);
        Assert.Equal((20, 20), (square.Width, square.Height));
        Assert.Equal(new Rgb24(0, 0, 0), square[10, 0]);
        Assert.Equal(new Rgb24(0, 0, 0), square[10, 19]);
        Assert.True(square[10, 10].R > 240);
    }

    [Fact]
    public void DownscaleIsAntiAliased()
    {
        // One-pixel black/white stripes average to grey under a proper low-pass filter; point sampling would keep 0 or 255.
        using var stripes = new Image<Rgb24>(64, 64);
        for (var y = 0; y < 64; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                stripes[x, y] = x % 2 == 0 ? new Rgb24(255, 255, 255) : new Rgb24(0, 0, 0);
            }
        }
        using var small = new ImageResizer(8, ResizeMode.CenterCrop).Resize(stripes);
        Assert.InRange(small[4, 4].R, 100, 155);
    }

    [Fact]
    public void PngEncodingIsDeterministicAndHasNoAncillaryChunks()
    {
        using var image = TinyImages.Pattern(16, 16, 4);
        image.Metadata.HorizontalResolution = 300; // would be a pHYs chunk if not filtered
        var first = PngFiles.Encode(image);
        var second = PngFiles.Encode(image);
        Assert.Equal(first, second);
        var chunks = PngChunkTypes(first);
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Distinct());
    }

    private static List<string> PngChunkTypes(byte[] png)
    {
        var types = new List<string>();
        var offset = 8;
        while (offset < png.Length)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            types.Add(System.Text.Encoding.ASCII.GetString(png, offset + 4, 4));
            offset += 12 + length;
        }
        return types;
    }
}
