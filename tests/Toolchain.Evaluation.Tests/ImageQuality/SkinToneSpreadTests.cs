using Toolchain.Evaluation.ImageQuality;
using Toolchain.Evaluation.Plots;

namespace Toolchain.Evaluation.Tests.ImageQuality;

public class SkinToneSpreadTests
{
    /// <summary>A 4x4 image of one colour with a dark 2x2 "lesion" in the middle (a quarter of the pixels).</summary>
    private static RgbImage Skin(byte r, byte g, byte b)
    {
        var pixels = new byte[4 * 4 * 3];
        for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++)
        {
            bool lesion = x is 1 or 2 && y is 1 or 2;
            int i = 3 * (4 * y + x);
            (pixels[i], pixels[i + 1], pixels[i + 2]) = lesion ? ((byte)20, (byte)10, (byte)10) : (r, g, b);
        }
        return new RgbImage(4, 4, pixels);
    }

    [Fact]
    public void TheMedianPixelIsTheSkinNotTheLesion()
    {
        Assert.Equal(0.299 * 200 + 0.587 * 150 + 0.114 * 120, SkinToneSpread.MedianLuma(Skin(200, 150, 120)), 9);
    }

    [Fact]
    public void OneToneHasNoSpreadAndSeveralHaveTheirStandardDeviation()
    {
        var same = SkinToneSpread.Of([Skin(200, 150, 120), Skin(200, 150, 120), Skin(200, 150, 120)]);
        Assert.Equal(0, same.LumaStd, 9);
        var grey = new[] { Skin(100, 100, 100), Skin(150, 150, 150), Skin(200, 200, 200) };
        var varied = SkinToneSpread.Of(grey);
        Assert.Equal(150, varied.MeanLuma, 6);
        Assert.Equal(50, varied.LumaStd, 6);   // sample standard deviation of 100, 150, 200
        Assert.Equal(110, varied.LumaP10, 6);
        Assert.Equal(190, varied.LumaP90, 6);
    }
}
