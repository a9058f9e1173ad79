using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Toolchain.Core;
using Toolchain.Core.Files;
using Toolchain.Data.Importers;

namespace Toolchain.Data.Imaging;

/// <summary>
/// Decodes untrusted image files into RGB. The header is identified first and checked against
/// <see cref="ImageLimits"/> before decoding; every failure is an <see cref="ImageDataException"/> that names
/// the kind of problem (not an image, corrupt or truncated, decompression bomb), never a library exception.
/// </summary>
public sealed class ImageDecoder
{
    private readonly ImageLimits limits;
    private readonly Configuration configuration;

    public ImageDecoder(ImageLimits? limits = null)
    {
        this.limits = limits ?? ImageLimits.Default;
        // A private configuration so no caller can change the registered formats under us, with an allocation
        // limit as the last bound on what a decoder may ask for.
        configuration = Configuration.Default.Clone();
        configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = this.limits.MaxDecodedMegabytes });
    }

    /// <summary>Decodes a file. EXIF orientation is applied so the pixels are upright.</summary>
    public Image<Rgb24> Decode(string path)
    {
        switch (FileKinds.Of(path))
        {
            case FileKind.Missing:
                throw new ImageDataException(DataProblemKind.MissingImage,
                    new FileInfo(path).LinkTarget is null ? "the image file does not exist" : "the image is a symbolic link to nothing (dangling)");
            case FileKind.Regular:
                break;
            default:
                // A FIFO would block the import forever, /dev/zero would never end.
                throw new ImageDataException(DataProblemKind.UnsafeFile, "the image is not a regular file (a folder, FIFO, socket or device)");
        }
        var length = new FileInfo(path).Length;
        if (length > limits.MaxFileBytes)
        {
            throw new ImageDataException(DataProblemKind.DecompressionBomb, $"the file is {length} bytes, above the limit of {limits.MaxFileBytes}");
        }
        byte[] bytes;
        try
        {
            bytes = UntrustedFile.ReadAllBytes(path, "the image", limits.MaxFileBytes);
        }
        catch (ToolchainError error)
        {
            throw new ImageDataException(DataProblemKind.DecompressionBomb, error.Message, error);
        }
        return Decode(bytes);
    }

    /// <summary>Decodes encoded image bytes (PNG, JPEG, BMP, GIF, TIFF, WebP, TGA, PBM).</summary>
    public Image<Rgb24> Decode(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            throw new ImageDataException(DataProblemKind.NotAnImage, "the file is empty");
        }
        if (Image.DetectFormat(configuration, bytes) is null)
        {
            throw new ImageDataException(DataProblemKind.NotAnImage, "the file is not in any supported image format");
        }
        ImageContainerCheck.Check(bytes, limits);

        IImageInfo? header;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            header = Image.Identify(configuration, stream);
        }
        catch (Exception error) when (IsDecodeFailure(error))
        {
            throw new ImageDataException(DataProblemKind.CorruptImage, $"the image header cannot be read ({error.Message})", error);
        }
        if (header is null || header.Width <= 0 || header.Height <= 0)
        {
            throw new ImageDataException(DataProblemKind.CorruptImage, "the image header cannot be read");
        }
        CheckDimensions(header.Width, header.Height);
        CheckComplete(bytes);

        try
        {
            var image = Image.Load<Rgb24>(configuration, bytes);
            image.Mutate(x => x.AutoOrient());
            return image;
        }
        catch (Exception error) when (error is InvalidMemoryOperationException || error.InnerException is InvalidMemoryOperationException)
        {
            throw new ImageDataException(DataProblemKind.DecompressionBomb,
                $"decoding needs more than the limit of {limits.MaxDecodedMegabytes} MB for one buffer ({error.Message})", error);
        }
        catch (Exception error) when (IsDecodeFailure(error))
        {
            throw new ImageDataException(DataProblemKind.CorruptImage, $"the image data cannot be decoded ({error.Message})", error);
        }
    }

    private void CheckDimensions(int width, int height)
    {
        if (width > limits.MaxSide || height > limits.MaxSide || (long)width * height > limits.MaxPixels)
        {
            throw new ImageDataException(DataProblemKind.DecompressionBomb,
                $"the header declares {width}x{height} pixels, above the limit of {limits.MaxSide} per side and {limits.MaxPixels} in total");
        }
    }

    /// <summary>
    /// The decoders tolerate some truncated files (a JPEG cut mid-scan decodes with a grey tail), so the end
    /// markers are checked explicitly: a JPEG needs an end-of-image marker after its last start-of-scan, a PNG
    /// needs its IEND chunk.
    /// </summary>
    private static void CheckComplete(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith(JpegStart))
        {
            var lastScan = span.LastIndexOf(JpegStartOfScan);
            var lastEnd = span.LastIndexOf(JpegEndOfImage);
            if (lastScan < 0 || lastEnd < lastScan)
            {
                throw new ImageDataException(DataProblemKind.CorruptImage, "the JPEG data is truncated (no end-of-image marker after the last scan)");
            }
        }
        else if (span.StartsWith(PngSignature) && span.LastIndexOf("IEND"u8) < 0)
        {
            throw new ImageDataException(DataProblemKind.CorruptImage, "the PNG data is truncated (no IEND chunk)");
        }
    }

    private static ReadOnlySpan<byte> JpegStart => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> JpegStartOfScan => [0xFF, 0xDA];
    private static ReadOnlySpan<byte> JpegEndOfImage => [0xFF, 0xD9];
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static bool IsDecodeFailure(Exception error) =>
        error is ImageFormatException or UnknownImageFormatException or InvalidImageContentException
            or NotSupportedException or InvalidDataException or IndexOutOfRangeException or ArgumentException
            or EndOfStreamException;
}
