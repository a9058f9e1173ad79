using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Toolchain.Data.Imaging;

namespace Toolchain.Data.Importers;

/// <summary>Where a row's pixels come from: a file to decode, or an array already in memory.</summary>
public interface IImageSource
{
    /// <summary>Decodes the image; failures are <see cref="ImageDataException"/>s.</summary>
    Image<Rgb24> Load(ImageDecoder decoder);
}

/// <summary>An encoded image file (JPEG, PNG, ...) on disk.</summary>
public sealed record FileImageSource(string Path) : IImageSource
{
    public Image<Rgb24> Load(ImageDecoder decoder) => decoder.Decode(Path);
}

/// <summary>Interleaved 8-bit RGB pixels (e.g. one image of a DermaMNIST array).</summary>
public sealed class PixelImageSource(ReadOnlyMemory<byte> rgb, int width, int height) : IImageSource
{
    public Image<Rgb24> Load(ImageDecoder decoder) => Image.LoadPixelData<Rgb24>(rgb.Span, width, height);
}
