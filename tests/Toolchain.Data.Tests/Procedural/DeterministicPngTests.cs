using System.Buffers.Binary;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Toolchain.Data.Procedural;

namespace Toolchain.Data.Tests.Procedural;

public class DeterministicPngTests
{
    private static readonly ProceduralCase Case =
        new ProceduralDermoscopyGenerator(new ProceduralOptions { Seed = 1, Resolution = 40, ArtifactRates = new ArtifactRates(1, 1, 1, 1, 1) }).Generate(0);

    [Fact]
    public void Rgb_png_decodes_to_the_same_pixels()
    {
        using var image = Image.Load<Rgb24>(Case.EncodeImagePng());
        Assert.Equal(40, image.Width);
        var decoded = new byte[40 * 40 * 3];
        image.CopyPixelDataTo(decoded);
        Assert.Equal(Case.Rgb, decoded);
    }

    [Fact]
    public void Mask_png_is_grayscale_and_decodes_to_the_same_mask()
    {
        byte[] mask = Case.MaskOf(ArtifactFlags.Hair)!;
        byte[] png = Case.EncodeMaskPng(mask);
        Assert.Equal(0, png[25]); // IHDR colour type 0: grayscale
        using var image = Image.Load<L8>(png);
        var decoded = new byte[40 * 40];
        image.CopyPixelDataTo(decoded);
        Assert.Equal(mask, decoded);
    }

    [Fact]
    public void Png_holds_only_the_critical_chunks()
    {
        Assert.Equal(["IHDR", "IDAT", "IEND"], ChunkTypes(Case.EncodeImagePng()).Distinct());
        Assert.Equal(["IHDR", "IDAT", "IEND"], ChunkTypes(Case.EncodeMaskPng(Case.LesionMask)).Distinct());
    }

    [Fact]
    public void Wrong_pixel_count_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => DeterministicPng.EncodeRgb(new byte[10], 2, 2));
    }

    private static IEnumerable<string> ChunkTypes(byte[] png)
    {
        for (int offset = 8; offset < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            yield return Encoding.ASCII.GetString(png, offset + 4, 4);
            offset += 12 + length;
        }
    }
}
