namespace Toolchain.Evaluation.Plots;

/// <summary>An 8-bit interleaved RGB image (Height * Width * 3 bytes, row-major), the pixel layout used across the toolchain.</summary>
public sealed record RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}x{height} must be positive");
        }
        if (pixels.Length != width * height * 3)
        {
            throw new ArgumentException($"image has {pixels.Length} bytes, expected {width * height * 3} ({width}x{height} RGB)", nameof(pixels));
        }
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    /// <summary>Encodes the image as PNG, enlarged by an integer factor with nearest-neighbour so small images stay crisp.</summary>
    public byte[] ToPng(int scale = 1)
    {
        if (scale < 1 || scale > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), $"scale {scale} must be between 1 and 64");
        }
        using var canvas = new SkiaCanvas(Width * scale, Height * scale);
        canvas.DrawScaled(this, 0, 0, scale);
        return canvas.ToPng();
    }
}
