using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Toolchain.Core;
using Toolchain.Data.Imaging;
using Toolchain.Evaluation.Plots;

namespace Toolchain.Stages.Evaluate;

/// <summary>Reads stage PNGs as interleaved RGB, insisting on one size: metrics and classifiers compare images at the same resolution.</summary>
public static class RgbFiles
{
    public static RgbImage Read(string path, int? expectedSize = null)
    {
        using var image = new ImageDecoder().Decode(path);
        if (expectedSize is { } size && (image.Width != size || image.Height != size))
        {
            throw new ToolchainError($"{path} is {image.Width}x{image.Height}; every image here must be {size}x{size} (the prepare resolution)");
        }
        var pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        return new RgbImage(image.Width, image.Height, pixels);
    }
}
