using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Toolchain.Data.Imaging;

/// <summary>
/// Resizes to a square of the model resolution with the Lanczos-3 filter. On a downscale ImageSharp widens the
/// filter support by the scale factor, so every source pixel contributes (anti-aliased, no moire from hair or
/// ruler lines). <see cref="ResizeMode.Pad"/> pads with black (RGB 0,0,0): black adds no invented texture and
/// matches the dark vignette many dermoscopes already show; note that it can look like a dark-corner artifact,
/// which is why centre crop is the default.
/// </summary>
public sealed class ImageResizer
{
    public ImageResizer(int resolution, ResizeMode mode)
    {
        if (resolution is < 8 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(resolution), $"resolution {resolution} is outside 8-4096");
        }
        Resolution = resolution;
        Mode = mode;
    }

    public int Resolution { get; }
    public ResizeMode Mode { get; }

    /// <summary>A new square image of <see cref="Resolution"/> pixels; the source is left untouched.</summary>
    public Image<Rgb24> Resize(Image<Rgb24> source)
    {
        var (width, height) = (source.Width, source.Height);
        if (width == Resolution && height == Resolution)
        {
            return source.Clone();
        }
        var scale = Mode == ResizeMode.CenterCrop
            ? (double)Resolution / Math.Min(width, height)
            : (double)Resolution / Math.Max(width, height);
        // Clamp so rounding never leaves the scaled image short of the square it must cover (crop) or over it (pad).
        var scaledWidth = (int)Math.Round(width * scale, MidpointRounding.AwayFromZero);
        var scaledHeight = (int)Math.Round(height * scale, MidpointRounding.AwayFromZero);
        if (Mode == ResizeMode.CenterCrop)
        {
            scaledWidth = Math.Max(scaledWidth, Resolution);
            scaledHeight = Math.Max(scaledHeight, Resolution);
        }
        else
        {
            scaledWidth = Math.Clamp(scaledWidth, 1, Resolution);
            scaledHeight = Math.Clamp(scaledHeight, 1, Resolution);
        }

        using var scaled = source.Clone(x => x.Resize(scaledWidth, scaledHeight, KnownResamplers.Lanczos3));
        if (Mode == ResizeMode.CenterCrop)
        {
            var left = (scaledWidth - Resolution) / 2;
            var top = (scaledHeight - Resolution) / 2;
            return scaled.Clone(x => x.Crop(new Rectangle(left, top, Resolution, Resolution)));
        }

        var canvas = new Image<Rgb24>(Resolution, Resolution, new Rgb24(0, 0, 0));
        var offset = new Point((Resolution - scaledWidth) / 2, (Resolution - scaledHeight) / 2);
        canvas.Mutate(x => x.DrawImage(scaled, offset, 1f));
        return canvas;
    }
}
