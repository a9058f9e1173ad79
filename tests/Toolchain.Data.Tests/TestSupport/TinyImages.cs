using System.Buffers.Binary;
using System.IO.Compression;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Toolchain.Data.Tests.TestSupport;

/// <summary>Small generated images (no real patient data) and deliberately broken image files.</summary>
public static class TinyImages
{
    public static Image<Rgb24> Pattern(int width, int height, int seed)
    {
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = new Rgb24((byte)(x * 9 + seed * 31), (byte)(y * 11 + seed * 17), (byte)((x + y) * 5 + seed));
            }
        }
        return image;
    }

    public static byte[] Jpeg(int seed, int width = 24, int height = 20)
    {
        using var image = Pattern(width, height, seed);
        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder { Quality = 90 });
        return stream.ToArray();
    }

    public static byte[] Png(int seed, int width = 24, int height = 20)
    {
        using var image = Pattern(width, height, seed);
        using var stream = new MemoryStream();
        image.Save(stream, new PngEncoder());
        return stream.ToArray();
    }

    /// <summary>A JPEG cut in the middle of its scan data.</summary>
    public static byte[] TruncatedJpeg(int seed) => Jpeg(seed, 64, 64) is var full ? full[..(full.Length * 2 / 3)] : [];

    /// <summary>
    /// A valid tiny PNG whose header declares <paramref name="width"/> x <paramref name="height"/> pixels: a few
    /// hundred bytes that would need gigabytes once decoded.
    /// </summary>
    public static byte[] PngBomb(int width = 60_000, int height = 60_000)
    {
        var png = Png(1, 4, 4);
        // IHDR data starts after the 8-byte signature, 4-byte length and 4-byte type.
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        var crc = Crc32(png.AsSpan(12, 17)); // type + 13 data bytes
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), crc);
        return png;
    }

    /// <summary><paramref name="png"/> with a chunk (correct CRC) inserted right after IHDR.</summary>
    public static byte[] WithChunk(byte[] png, string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        const int afterHeader = 8 + 25;
        return [.. png[..afterHeader], .. chunk, .. png[afterHeader..]];
    }

    /// <summary>A JPEG whose header is intact but whose scan data is overwritten with noise markers.</summary>
    public static byte[] CorruptJpeg(int seed)
    {
        var bytes = Jpeg(seed, 32, 32);
        var start = bytes.AsSpan().IndexOf(new byte[] { 0xFF, 0xDA }) ;
        // Overwrite the SOS header itself so the scan cannot be decoded.
        for (var i = start + 2; i < start + 12 && i < bytes.Length - 2; i++)
        {
            bytes[i] = 0xFF;
        }
        return bytes;
    }

    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }

    /// <summary>An .npz (zip of .npy) as numpy.savez writes it.</summary>
    public static byte[] Npz(IReadOnlyDictionary<string, (string Descr, long[] Shape, byte[] Data)> arrays)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, array) in arrays)
            {
                var entry = zip.CreateEntry(name + ".npy", CompressionLevel.Fastest);
                using var entryStream = entry.Open();
                var bytes = Npy(array.Descr, array.Shape, array.Data);
                entryStream.Write(bytes);
            }
        }
        return stream.ToArray();
    }

    public static byte[] Npy(string descr, long[] shape, byte[] data)
    {
        var shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        var total = 10 + header.Length + 1;
        header += new string(' ', (64 - total % 64) % 64) + "\n";
        using var stream = new MemoryStream();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        stream.Write(length);
        stream.Write(System.Text.Encoding.ASCII.GetBytes(header));
        stream.Write(data);
        return stream.ToArray();
    }
}
