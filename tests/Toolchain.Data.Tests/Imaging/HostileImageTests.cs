using System.Buffers.Binary;
using System.IO.Compression;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using Toolchain.Data.Imaging;
using Toolchain.Data.Importers;
using Toolchain.Data.Tests.TestSupport;

namespace Toolchain.Data.Tests.Imaging;

/// <summary>Files crafted to exhaust memory or block the import are refused before decoding (issue 27, probe 2).</summary>
public sealed class HostileImageTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly ImageDecoder decoder = new();

    public void Dispose() => temp.Dispose();

    private static byte[] Zlib(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true)) zlib.Write(data);
        return buffer.ToArray();
    }

    /// <summary>A TIFF with two IFDs: header, IFD at 8 (one entry) chained to an IFD at 26.</summary>
    private static byte[] TwoPageTiff()
    {
        var tiff = new byte[44];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        foreach (var (at, next) in new[] { (8, 26u), (26, 0u) })
        {
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), 1);
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at + 2), 256); // ImageWidth
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at + 4), 3);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 6), 1);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 10), 10_000);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 14), next);
        }
        return tiff;
    }

    [Fact]
    public void MultiPageTiffNamedPngIsRefusedBeforeDecoding()
    {
        var path = temp.Write("pages.png", TwoPageTiff());
        var error = Assert.Throws<ImageDataException>(() => decoder.Decode(path));
        Assert.Equal(DataProblemKind.DecompressionBomb, error.Kind);
        Assert.Contains("2 or more TIFF pages", error.Message);
    }

    [Fact]
    public void CompressedTextThatInflatesPastTheLimitIsRefused()
    {
        // 64 MB of zeros in a zTXt chunk of about 64 KB.
        var bomb = TinyImages.WithChunk(TinyImages.Png(1), "zTXt", [.. "Comment"u8, 0, 0, .. Zlib(new byte[64 * 1024 * 1024])]);
        Assert.True(bomb.Length < 100_000);
        var error = Assert.Throws<ImageDataException>(() => decoder.Decode(bomb));
        Assert.Equal(DataProblemKind.DecompressionBomb, error.Kind);
        Assert.Contains("PNG chunk 'zTXt' inflates to more than 16777216 bytes", error.Message);
    }

    [Fact]
    public void CompressedInternationalTextAndIccProfilesAreBoundedToo()
    {
        var limits = new ImageLimits { MaxInflatedMetadataBytes = 1000 };
        var itxt = TinyImages.WithChunk(TinyImages.Png(1), "iTXt", [.. "Comment"u8, 0, 1, 0, 0, 0, .. Zlib(new byte[5000])]);
        Assert.Contains("'iTXt' inflates", Assert.Throws<ImageDataException>(() => new ImageDecoder(limits).Decode(itxt)).Message);
        var iccp = TinyImages.WithChunk(TinyImages.Png(1), "iCCP", [.. "icc"u8, 0, 0, .. Zlib(new byte[5000])]);
        Assert.Contains("'iCCP' inflates", Assert.Throws<ImageDataException>(() => new ImageDecoder(limits).Decode(iccp)).Message);
    }

    [Fact]
    public void AncillaryChunkOverTheSizeLimitIsRefused()
    {
        var png = TinyImages.WithChunk(TinyImages.Png(1), "tEXt", [.. "Comment"u8, 0, .. new byte[2000]]);
        var error = Assert.Throws<ImageDataException>(() => new ImageDecoder(new ImageLimits { MaxAncillaryChunkBytes = 1000 }).Decode(png));
        Assert.Equal(DataProblemKind.DecompressionBomb, error.Kind);
        Assert.Contains("PNG chunk 'tEXt' is 2008 bytes, above the limit of 1000", error.Message);
    }

    [Fact]
    public void AnimatedPngIsRefused()
    {
        var apng = TinyImages.WithChunk(TinyImages.Png(1), "acTL", new byte[8]);
        Assert.Contains("animated (APNG)", Assert.Throws<ImageDataException>(() => decoder.Decode(apng)).Message);
    }

    [Fact]
    public void PngWithOrdinaryCompressedTextDecodesToTheSamePixels()
    {
        using var image = TinyImages.Pattern(24, 20, 7);
        image.Metadata.GetPngMetadata().TextData.Add(new PngTextData("Comment", new string('a', 5000), "", ""));
        using var encoded = new MemoryStream();
        image.Save(encoded, new PngEncoder { TextCompressionThreshold = 100 });
        var bytes = encoded.ToArray();
        Assert.True(bytes.AsSpan().IndexOf("zTXt"u8) > 0);

        using var decoded = decoder.Decode(bytes);
        using var plain = Image.Load<Rgb24>(bytes);
        for (var y = 0; y < 20; y++)
            for (var x = 0; x < 24; x++)
                Assert.Equal(plain[x, y], decoded[x, y]);
    }

    [Fact]
    public void FifoAndLinkToADeviceAreRefusedWithoutBeingOpened()
    {
        if (OperatingSystem.IsWindows()) return;
        var fifo = temp.Combine("pipe.png");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        var zero = temp.Combine("zero.png");
        File.CreateSymbolicLink(zero, "/dev/zero");

        foreach (var path in new[] { fifo, zero })
        {
            var error = Assert.Throws<ImageDataException>(() => decoder.Decode(path));
            Assert.Equal(DataProblemKind.UnsafeFile, error.Kind);
            Assert.Contains("not a regular file", error.Message);
        }
    }

    [Fact]
    public void DanglingLinkIsAMissingImageNotACrash()
    {
        var link = temp.Combine("gone.png");
        File.CreateSymbolicLink(link, temp.Combine("nowhere.png"));
        var error = Assert.Throws<ImageDataException>(() => decoder.Decode(link));
        Assert.Equal(DataProblemKind.MissingImage, error.Kind);
        Assert.Contains("dangling", error.Message);
    }

    [Fact]
    public void DecodingIsBoundedByTheAllocationLimit()
    {
        // Within the header limits, but one 2000x2000 RGB buffer is 12 MB, over an 8 MB allocation limit.
        var limited = new ImageDecoder(new ImageLimits { MaxDecodedMegabytes = 8 });
        var error = Assert.Throws<ImageDataException>(() => limited.Decode(TinyImages.Png(1, 2000, 2000)));
        Assert.Equal(DataProblemKind.DecompressionBomb, error.Kind);
        Assert.Contains("limit of 8 MB", error.Message);
    }
}
