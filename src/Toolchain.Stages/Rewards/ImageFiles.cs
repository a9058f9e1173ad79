using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Toolchain.Core;
using Toolchain.Vision;
using static TorchSharp.torch;

namespace Toolchain.Stages.Rewards;

/// <summary>Loads PNG files of one size into the (N, 3, H, W) [-1, 1] tensors the vision models take.</summary>
public static class ImageFiles
{
    public static Tensor Load(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            throw new ArgumentException("no images to load", nameof(paths));
        }
        var pixels = new byte[paths.Count][];
        int width = 0, height = 0;
        for (int i = 0; i < paths.Count; i++)
        {
            if (!File.Exists(paths[i]))
            {
                throw new ToolchainError($"image '{paths[i]}' does not exist");
            }
            using var image = Image.Load<Rgb24>(paths[i]);
            if (i == 0)
            {
                (width, height) = (image.Width, image.Height);
            }
            else if (image.Width != width || image.Height != height)
            {
                throw new ToolchainError($"image '{paths[i]}' is {image.Width}x{image.Height}, but '{paths[0]}' is {width}x{height}: all images must share one size");
            }
            pixels[i] = new byte[width * height * 3];
            image.CopyPixelDataTo(pixels[i]);
        }
        return ImageBatch.FromRgb(pixels, height, width);
    }
}
