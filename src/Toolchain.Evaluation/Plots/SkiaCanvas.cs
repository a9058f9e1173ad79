using SkiaSharp;

namespace Toolchain.Evaluation.Plots;

/// <summary>A white RGBA raster with the theme's text drawing and PNG encoding, for composed figures.</summary>
internal sealed class SkiaCanvas : IDisposable
{
    private readonly SKBitmap _bitmap;

    public SkiaCanvas(int width, int height)
    {
        if (width < 1 || height < 1 || width > 16384 || height > 16384)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"canvas size {width}x{height} must be between 1 and 16384 pixels per side");
        }
        _bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        Canvas = new SKCanvas(_bitmap);
        Canvas.Clear(SKColors.White);
    }

    public SKCanvas Canvas { get; }

    /// <summary>Draws one line of text with its baseline at <paramref name="y"/>.</summary>
    public void Text(string text, float x, float y, float size, bool bold = false, SKTextAlign align = SKTextAlign.Left, SKColor? colour = null)
    {
        using var typeface = PlotTheme.Typeface(bold);
        using var font = new SKFont(typeface, size) { Edging = SKFontEdging.Antialias, Subpixel = false };
        using var paint = new SKPaint { Color = colour ?? new SKColor(0x22, 0x22, 0x22), IsAntialias = true };
        Canvas.DrawText(text, x, y, align, font, paint);
    }

    public static float MeasureText(string text, float size, bool bold = false)
    {
        using var typeface = PlotTheme.Typeface(bold);
        using var font = new SKFont(typeface, size);
        return font.MeasureText(text);
    }

    public void FillRect(float x, float y, float width, float height, SKColor colour)
    {
        using var paint = new SKPaint { Color = colour, IsAntialias = false, Style = SKPaintStyle.Fill };
        Canvas.DrawRect(x, y, width, height, paint);
    }

    /// <summary>Draws an encoded PNG (e.g. a rendered chart panel) with its top-left corner at (x, y).</summary>
    public void DrawPng(byte[] png, float x, float y)
    {
        using var bitmap = SKBitmap.Decode(png) ?? throw new InvalidOperationException("could not decode a rendered panel");
        Canvas.DrawBitmap(bitmap, x, y);
    }

    /// <summary>Draws an RGB image enlarged by an integer factor with nearest-neighbour, top-left at (x, y).</summary>
    public void DrawScaled(RgbImage image, int x, int y, int scale)
    {
        int width = image.Width * scale;
        int height = image.Height * scale;
        var rgba = new byte[width * height * 4];
        for (int row = 0; row < height; row++)
        {
            int sourceRow = row / scale * image.Width;
            for (int column = 0; column < width; column++)
            {
                int source = (sourceRow + column / scale) * 3;
                int target = (row * width + column) * 4;
                rgba[target] = image.Pixels[source];
                rgba[target + 1] = image.Pixels[source + 1];
                rgba[target + 2] = image.Pixels[source + 2];
                rgba[target + 3] = 255;
            }
        }
        using var scaled = SKImage.FromPixelCopy(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), rgba)
            ?? throw new InvalidOperationException("could not wrap image pixels");
        Canvas.DrawImage(scaled, x, y);
    }

    public byte[] ToPng()
    {
        Canvas.Flush();
        using var image = SKImage.FromBitmap(_bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public void Dispose()
    {
        Canvas.Dispose();
        _bitmap.Dispose();
    }
}
