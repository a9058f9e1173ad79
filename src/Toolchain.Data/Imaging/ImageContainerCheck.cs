using System.Buffers.Binary;
using System.IO.Compression;
using Toolchain.Data.Importers;

namespace Toolchain.Data.Imaging;

/// <summary>
/// Walks the container structure of an encoded image before any decoder sees it, to refuse what the header's
/// width and height do not reveal: several frames (a multi-page TIFF or animated GIF/PNG/WebP decodes every
/// frame, whatever the file is named), PNG ancillary chunks over a size, and compressed PNG metadata that inflates
/// past a limit (a zTXt bomb). Reads only the given bytes; allocates at most the inflate limit.
/// </summary>
internal static class ImageContainerCheck
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static void Check(ReadOnlySpan<byte> bytes, ImageLimits limits)
    {
        if (bytes.StartsWith(PngSignature)) CheckPng(bytes, limits);
        else if (bytes.StartsWith("II*\0"u8) || bytes.StartsWith("MM\0*"u8)) RequireOneFrame(CountTiffPages(bytes), "TIFF page");
        else if (bytes.StartsWith("GIF8"u8)) RequireOneFrame(CountGifFrames(bytes), "GIF frame");
        else if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8)) CheckWebp(bytes);
    }

    private static void RequireOneFrame(int frames, string what)
    {
        if (frames > 1)
        {
            throw new ImageDataException(DataProblemKind.DecompressionBomb, $"the file holds {frames} or more {what}s; only single-frame images are accepted");
        }
    }

    private static void CheckPng(ReadOnlySpan<byte> bytes, ImageLimits limits)
    {
        var position = PngSignature.Length;
        while (position + 8 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes[position..]);
            var type = bytes.Slice(position + 4, 4);
            var dataStart = position + 8;
            if (length > int.MaxValue || dataStart + (long)length + 4 > bytes.Length)
            {
                throw new ImageDataException(DataProblemKind.CorruptImage, $"PNG chunk '{Name(type)}' declares {length} bytes, more than the file holds");
            }
            var data = bytes.Slice(dataStart, (int)length);
            if (type.SequenceEqual("acTL"u8))
            {
                throw new ImageDataException(DataProblemKind.DecompressionBomb, "the PNG is animated (APNG); only single-frame images are accepted");
            }
            // Lowercase first letter: ancillary. Critical chunks (IHDR, PLTE, IDAT, IEND) are bounded by the declared size.
            if ((type[0] & 0x20) != 0)
            {
                if (length > limits.MaxAncillaryChunkBytes)
                {
                    throw new ImageDataException(DataProblemKind.DecompressionBomb,
                        $"PNG chunk '{Name(type)}' is {length} bytes, above the limit of {limits.MaxAncillaryChunkBytes} for metadata");
                }
                if (CompressedPart(type, data) is { } compressed)
                {
                    CheckInflatedSize(compressed, Name(type), limits.MaxInflatedMetadataBytes);
                }
            }
            if (type.SequenceEqual("IEND"u8)) return;
            position = dataStart + (int)length + 4;
        }
    }

    /// <summary>The zlib stream inside a zTXt, compressed iTXt or iCCP chunk, or null.</summary>
    private static byte[]? CompressedPart(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        var keywordEnd = data.IndexOf((byte)0);
        if (keywordEnd < 0) return null;
        if (type.SequenceEqual("zTXt"u8) || type.SequenceEqual("iCCP"u8))
        {
            // keyword NUL, compression method, stream
            return keywordEnd + 2 <= data.Length ? data[(keywordEnd + 2)..].ToArray() : null;
        }
        if (type.SequenceEqual("iTXt"u8) && keywordEnd + 2 < data.Length && data[keywordEnd + 1] == 1)
        {
            // keyword NUL, compressed flag, method, language NUL, translated keyword NUL, stream
            var rest = data[(keywordEnd + 3)..];
            var language = rest.IndexOf((byte)0);
            if (language < 0) return null;
            var translated = rest[(language + 1)..].IndexOf((byte)0);
            return translated < 0 ? null : rest[(language + 1 + translated + 1)..].ToArray();
        }
        return null;
    }

    private static void CheckInflatedSize(byte[] compressed, string chunk, int limit)
    {
        long total = 0;
        var buffer = new byte[64 * 1024];
        try
        {
            using var inflater = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
            int read;
            while ((read = inflater.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    throw new ImageDataException(DataProblemKind.DecompressionBomb,
                        $"PNG chunk '{chunk}' inflates to more than {limit} bytes of metadata ({compressed.Length} compressed)");
                }
            }
        }
        catch (InvalidDataException error)
        {
            throw new ImageDataException(DataProblemKind.CorruptImage, $"PNG chunk '{chunk}' holds damaged compressed data", error);
        }
    }

    /// <summary>IFDs in the chain, counting up to 2 (enough to refuse), with loops and bad offsets treated as the end.</summary>
    private static int CountTiffPages(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8) return 0;
        var little = bytes[0] == (byte)'I';
        var pages = 0;
        var offset = U32(bytes, 4, little);
        var seen = new HashSet<uint>();
        while (offset != 0 && offset + 2L <= bytes.Length && seen.Add(offset) && pages < 2)
        {
            pages++;
            var entries = little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[(int)offset..]) : BinaryPrimitives.ReadUInt16BigEndian(bytes[(int)offset..]);
            var next = offset + 2L + entries * 12L;
            if (next + 4 > bytes.Length) break;
            offset = U32(bytes, (int)next, little);
        }
        return pages;
    }

    private static uint U32(ReadOnlySpan<byte> bytes, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]) : BinaryPrimitives.ReadUInt32BigEndian(bytes[at..]);

    /// <summary>Image descriptors in a GIF, counting up to 2; a malformed stream ends the count (the decoder then reports it).</summary>
    private static int CountGifFrames(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 13) return 0;
        var position = 13;
        if ((bytes[10] & 0x80) != 0) position += 3 * (1 << ((bytes[10] & 0x07) + 1));
        var frames = 0;
        while (position < bytes.Length && frames < 2)
        {
            switch (bytes[position])
            {
                case 0x21: // extension: label, then sub-blocks
                    position = SkipSubBlocks(bytes, position + 2);
                    break;
                case 0x2C: // image descriptor (10 bytes), optional local colour table, LZW size, sub-blocks
                    frames++;
                    if (position + 10 > bytes.Length) return frames;
                    var packed = bytes[position + 9];
                    position += 10;
                    if ((packed & 0x80) != 0) position += 3 * (1 << ((packed & 0x07) + 1));
                    position = SkipSubBlocks(bytes, position + 1);
                    break;
                default: // 0x3B trailer, or garbage
                    return frames;
            }
        }
        return frames;
    }

    private static int SkipSubBlocks(ReadOnlySpan<byte> bytes, int position)
    {
        while (position < bytes.Length && bytes[position] != 0) position += bytes[position] + 1;
        return position + 1;
    }

    private static void CheckWebp(ReadOnlySpan<byte> bytes)
    {
        // An animated WebP says so in its VP8X chunk (flag bit 1) and holds ANIM/ANMF chunks.
        if (bytes.Length >= 21 && bytes[12..16].SequenceEqual("VP8X"u8) && (bytes[20] & 0x02) != 0)
        {
            throw new ImageDataException(DataProblemKind.DecompressionBomb, "the WebP is animated; only single-frame images are accepted");
        }
    }

    private static string Name(ReadOnlySpan<byte> type)
    {
        var chars = new char[type.Length];
        for (var i = 0; i < type.Length; i++) chars[i] = type[i] is >= 0x20 and < 0x7F ? (char)type[i] : '?';
        return new string(chars);
    }
}
