using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Weights;

/// <summary>One tensor's entry in a safetensors header.</summary>
public sealed record SafetensorsEntry(string Name, ScalarType DType, long[] Shape, long Begin, long End);

/// <summary>
/// A strict reader of the safetensors format: an 8-byte little-endian header length, a JSON header
/// naming each tensor's dtype, shape and byte range, then the raw row-major data.
/// The header is validated before any tensor memory is allocated, so a hostile file cannot make the
/// reader allocate more than the file holds.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    /// <summary>Headers larger than this are refused (real checkpoints have headers well under 1 MB).</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    private readonly FileStream stream;
    private readonly long dataStart;
    private readonly Dictionary<string, SafetensorsEntry> entries;

    private SafetensorsFile(string path, FileStream stream, long dataStart, Dictionary<string, SafetensorsEntry> entries, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        this.stream = stream;
        this.dataStart = dataStart;
        this.entries = entries;
        Metadata = metadata;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public IReadOnlyCollection<SafetensorsEntry> Entries => entries.Values;

    public IEnumerable<string> Names => entries.Keys.Order(StringComparer.Ordinal);

    public static SafetensorsFile Open(string path)
    {
        if (IsPickleCheckpoint(path))
        {
            throw new WeightsFormatError(
                $"{path}: pickle-based checkpoints (.bin/.pt/.pth/.ckpt) are refused because loading them can run arbitrary code. " +
                "Convert it to safetensors first, e.g. in Python: `from safetensors.torch import save_file; save_file(torch.load(p, weights_only=True), 'model.safetensors')`.");
        }
        if (!File.Exists(path))
        {
            throw new WeightsFormatError($"{path}: file not found");
        }
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            RefusePickleContent(path, stream);
            var (dataStart, entries, metadata) = ReadHeader(path, stream);
            return new SafetensorsFile(path, stream, dataStart, entries, metadata);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public bool Contains(string name) => entries.ContainsKey(name);

    public SafetensorsEntry Entry(string name) =>
        entries.TryGetValue(name, out var entry) ? entry : throw new WeightsFormatError($"{Path}: no tensor named '{name}'");

    /// <summary>Reads one tensor in its stored dtype on the CPU.</summary>
    public Tensor Read(string name)
    {
        var entry = Entry(name);
        var bytes = new byte[entry.End - entry.Begin];
        stream.Seek(dataStart + entry.Begin, SeekOrigin.Begin);
        stream.ReadExactly(bytes);
        var tensor = empty(entry.Shape, entry.DType);
        if (bytes.Length > 0)
        {
            tensor.bytes = bytes;
        }
        return tensor;
    }

    /// <summary>Reads every tensor; the caller owns the returned tensors.</summary>
    public Dictionary<string, Tensor> ReadAll()
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            result[name] = Read(name);
        }
        return result;
    }

    public void Dispose() => stream.Dispose();

    private static bool IsPickleCheckpoint(string path)
    {
        var ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
        return ext is ".bin" or ".pt" or ".pth" or ".ckpt" or ".pkl";
    }

    /// <summary>
    /// A renamed torch.save file: zip archive ("PK\x03\x04", torch >= 1.6) or raw pickle (0x80, protocol 2-5).
    /// A real safetensors header has '{' at byte 8, which neither has, so valid files are never refused.
    /// </summary>
    private static void RefusePickleContent(string path, FileStream stream)
    {
        Span<byte> head = stackalloc byte[9];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        if (read == head.Length && head[8] == (byte)'{')
        {
            return;
        }
        bool zip = read >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4;
        bool pickle = read >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5;
        if (zip || pickle)
        {
            throw new WeightsFormatError(
                $"{path}: this is a {(zip ? "zip-packed PyTorch" : "pickle")} checkpoint named like a safetensors file; pickle-based checkpoints are refused because loading them can run arbitrary code. " +
                "Convert it to safetensors first, e.g. in Python: `from safetensors.torch import save_file; save_file(torch.load(p, weights_only=True), 'model.safetensors')`.");
        }
    }

    private static (long DataStart, Dictionary<string, SafetensorsEntry> Entries, IReadOnlyDictionary<string, string> Metadata) ReadHeader(string path, FileStream stream)
    {
        long fileLength = stream.Length;
        if (fileLength < 8)
        {
            throw new WeightsFormatError($"{path}: not a safetensors file (only {fileLength} bytes; the 8-byte header length is missing)");
        }
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BitConverter.ToUInt64(lengthBytes);
        if (headerLength == 0 || headerLength > (ulong)MaxHeaderBytes || headerLength > (ulong)(fileLength - 8))
        {
            throw new WeightsFormatError(
                $"{path}: malformed safetensors header length {headerLength} (file has {fileLength - 8} bytes after the length field; limit {MaxHeaderBytes})");
        }
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataStart = 8 + (long)headerLength;
        long dataLength = fileLength - dataStart;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new WeightsFormatError($"{path}: safetensors header is not valid JSON ({e.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new WeightsFormatError($"{path}: safetensors header must be a JSON object");
            }
            var entries = new Dictionary<string, SafetensorsEntry>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    if (property.Value.ValueKind != JsonValueKind.Object)
                    {
                        throw new WeightsFormatError($"{path}: __metadata__ must be an object of strings");
                    }
                    foreach (var item in property.Value.EnumerateObject())
                    {
                        metadata[item.Name] = item.Value.ValueKind == JsonValueKind.String
                            ? item.Value.GetString()!
                            : throw new WeightsFormatError($"{path}: __metadata__.{item.Name} must be a string");
                    }
                    continue;
                }
                entries[property.Name] = ParseEntry(path, property, dataLength);
            }
            CheckNoOverlap(path, entries.Values);
            return (dataStart, entries, metadata);
        }
    }

    private static SafetensorsEntry ParseEntry(string path, JsonProperty property, long dataLength)
    {
        string where = $"{path}: tensor '{property.Name}'";
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array)
        {
            throw new WeightsFormatError($"{where}: entry needs string 'dtype', array 'shape' and array 'data_offsets'");
        }
        string dtypeName = dtypeElement.GetString()!;
        if (!SafetensorsDType.TryParse(dtypeName, out var dtype, out int elementSize))
        {
            throw new WeightsFormatError($"{where}: unknown dtype '{dtypeName}'");
        }
        var shape = new List<long>();
        long elements = 1;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long size) || size < 0)
            {
                throw new WeightsFormatError($"{where}: shape must hold non-negative integers");
            }
            shape.Add(size);
            elements = size == 0 ? 0 : (elements > long.MaxValue / Math.Max(size, 1) ? long.MaxValue : elements * size);
        }
        if (offsetsElement.GetArrayLength() != 2)
        {
            throw new WeightsFormatError($"{where}: data_offsets must be [begin, end]");
        }
        if (!offsetsElement[0].TryGetInt64(out long begin) || !offsetsElement[1].TryGetInt64(out long end) || begin < 0 || end < begin)
        {
            throw new WeightsFormatError($"{where}: data_offsets must be non-negative integers with begin <= end");
        }
        if (end > dataLength)
        {
            throw new WeightsFormatError($"{where}: data_offsets [{begin}, {end}] lie outside the file's {dataLength} data bytes");
        }
        // Saturating: elements x element size of a shape like [2^62] does not fit in 64 bits.
        long bytes = elements > long.MaxValue / elementSize ? long.MaxValue : elements * elementSize;
        if (bytes == long.MaxValue || bytes != end - begin)
        {
            throw new WeightsFormatError($"{where}: shape [{string.Join(", ", shape)}] of {dtypeName} needs {(bytes == long.MaxValue ? "more than 2^63" : bytes.ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes but data_offsets give {end - begin}");
        }
        return new SafetensorsEntry(property.Name, dtype, shape.ToArray(), begin, end);
    }

    private static void CheckNoOverlap(string path, IEnumerable<SafetensorsEntry> entries)
    {
        SafetensorsEntry? previous = null;
        foreach (var entry in entries.Where(e => e.End > e.Begin).OrderBy(e => e.Begin))
        {
            if (previous is not null && entry.Begin < previous.End)
            {
                throw new WeightsFormatError($"{path}: tensors '{previous.Name}' and '{entry.Name}' overlap in the data section");
            }
            previous = entry;
        }
    }
}
