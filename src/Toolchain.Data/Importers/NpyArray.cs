using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Toolchain.Data.Importers;

/// <summary>
/// A NumPy .npy array, parsed strictly: magic "\x93NUMPY", version 1.0, 2.0 or 3.0, a header dict with exactly
/// 'descr', 'fortran_order' and 'shape', C order only, little-endian or single-byte dtypes, and exactly
/// product(shape) x itemsize data bytes.
/// </summary>
public sealed class NpyArray
{
    private static readonly Dictionary<string, int> ItemSizes = new(StringComparer.Ordinal)
    {
        ["|u1"] = 1, ["|i1"] = 1, ["<u1"] = 1, ["<i1"] = 1,
        ["<u2"] = 2, ["<i2"] = 2, ["<u4"] = 4, ["<i4"] = 4, ["<u8"] = 8, ["<i8"] = 8,
    };

    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private NpyArray(string descr, IReadOnlyList<long> shape, byte[] data)
    {
        Descr = descr;
        Shape = shape;
        Data = data;
    }

    public string Descr { get; }
    public IReadOnlyList<long> Shape { get; }
    public byte[] Data { get; }

    public bool IsUInt8 => Descr is "|u1" or "<u1";

    /// <summary>Element <paramref name="index"/> of an integer array as a long.</summary>
    public long GetInteger(long index)
    {
        var size = ItemSizes[Descr];
        var span = Data.AsSpan(checked((int)(index * size)), size);
        return Descr switch
        {
            "|u1" or "<u1" => span[0],
            "|i1" or "<i1" => (sbyte)span[0],
            "<u2" => BinaryPrimitives.ReadUInt16LittleEndian(span),
            "<i2" => BinaryPrimitives.ReadInt16LittleEndian(span),
            "<u4" => BinaryPrimitives.ReadUInt32LittleEndian(span),
            "<i4" => BinaryPrimitives.ReadInt32LittleEndian(span),
            "<u8" => checked((long)BinaryPrimitives.ReadUInt64LittleEndian(span)),
            _ => BinaryPrimitives.ReadInt64LittleEndian(span),
        };
    }

    /// <summary>
    /// Reads an array from <paramref name="stream"/>; <paramref name="maxBytes"/> bounds the data size declared by
    /// the header before anything is allocated. Throws <see cref="InvalidDataException"/> naming what is wrong.
    /// </summary>
    public static NpyArray Read(Stream stream, long maxBytes)
    {
        var prefix = ReadExactly(stream, 8, "the magic string");
        if (!prefix.AsSpan(0, 6).SequenceEqual(Magic))
        {
            throw new InvalidDataException("not a .npy file (bad magic string)");
        }
        var major = prefix[6];
        int headerLength = major switch
        {
            1 => BinaryPrimitives.ReadUInt16LittleEndian(ReadExactly(stream, 2, "the header length")),
            2 or 3 => checked((int)BinaryPrimitives.ReadUInt32LittleEndian(ReadExactly(stream, 4, "the header length"))),
            _ => throw new InvalidDataException($"unsupported .npy version {major}.{prefix[7]}"),
        };
        if (headerLength is <= 0 or > 1 << 16)
        {
            throw new InvalidDataException($"header length {headerLength} is not plausible");
        }
        var headerBytes = ReadExactly(stream, headerLength, "the header");
        string header;
        try
        {
            header = new UTF8Encoding(false, true).GetString(headerBytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException("the header is not valid text");
        }
        var (descr, shape) = ParseHeader(header);
        var itemSize = ItemSizes[descr];
        long count = 1;
        foreach (var dim in shape)
        {
            count = checked(count * dim);
        }
        var dataBytes = checked(count * itemSize);
        if (dataBytes > maxBytes || dataBytes > Array.MaxLength)
        {
            throw new InvalidDataException($"shape ({string.Join(", ", shape)}) needs {dataBytes} bytes, above the limit of {Math.Min(maxBytes, Array.MaxLength)}");
        }
        var data = ReadExactly(stream, (int)dataBytes, "the data");
        if (stream.ReadByte() != -1)
        {
            throw new InvalidDataException($"the file has more data than shape ({string.Join(", ", shape)}) declares");
        }
        return new NpyArray(descr, shape, data);
    }

    private static (string Descr, long[] Shape) ParseHeader(string header)
    {
        var text = header.TrimEnd('\n', ' ');
        if (!text.StartsWith('{') || !text.EndsWith('}'))
        {
            throw new InvalidDataException($"the header is not a dict: {text}");
        }
        var entries = SplitTopLevel(text[1..^1]);
        string? descr = null;
        bool? fortran = null;
        long[]? shape = null;
        foreach (var entry in entries)
        {
            var colon = entry.IndexOf(':');
            if (colon < 0)
            {
                throw new InvalidDataException($"bad header entry '{entry}'");
            }
            var key = entry[..colon].Trim();
            var value = entry[(colon + 1)..].Trim();
            switch (key)
            {
                case "'descr'" when descr is null:
                    descr = value.Length >= 2 && value[0] == '\'' && value[^1] == '\'' ? value[1..^1] : throw new InvalidDataException($"descr {value} is not a string");
                    break;
                case "'fortran_order'" when fortran is null:
                    fortran = value switch { "False" => false, "True" => true, _ => throw new InvalidDataException($"fortran_order {value} is not a boolean") };
                    break;
                case "'shape'" when shape is null:
                    shape = ParseShape(value);
                    break;
                default:
                    throw new InvalidDataException($"unexpected or repeated header key {key}");
            }
        }
        if (descr is null || fortran is null || shape is null)
        {
            throw new InvalidDataException("the header must have descr, fortran_order and shape");
        }
        if (fortran == true)
        {
            throw new InvalidDataException("Fortran-ordered arrays are not supported");
        }
        if (!ItemSizes.ContainsKey(descr))
        {
            throw new InvalidDataException($"dtype '{descr}' is not supported (unsigned or signed little-endian integers only)");
        }
        return (descr, shape);
    }

    private static long[] ParseShape(string value)
    {
        if (!value.StartsWith('(') || !value.EndsWith(')'))
        {
            throw new InvalidDataException($"shape {value} is not a tuple");
        }
        var parts = value[1..^1].Split(',').Select(p => p.Trim()).ToList();
        if (parts.Count > 0 && parts[^1].Length == 0)
        {
            parts.RemoveAt(parts.Count - 1); // "(5,)"
        }
        return parts.Select(p => long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var dim)
            ? dim
            : throw new InvalidDataException($"shape {value} has a bad dimension '{p}'")).ToArray();
    }

    /// <summary>Splits "a: 1, b: (2, 3), " at commas outside parentheses, dropping empty trailing parts.</summary>
    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    parts.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }
        parts.Add(text[start..]);
        return parts.Where(p => p.Trim().Length > 0).ToList();
    }

    private static byte[] ReadExactly(Stream stream, int count, string what)
    {
        var buffer = new byte[count];
        var read = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        return read == count ? buffer : throw new InvalidDataException($"the file ends inside {what} ({read} of {count} bytes)");
    }
}
