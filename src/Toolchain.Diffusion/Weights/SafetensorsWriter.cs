using System.Text;
using System.Text.Json;
using Toolchain.Core.Files;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Weights;

/// <summary>
/// Writes tensors in the safetensors format deterministically: names sorted ordinally, a compact
/// header padded with spaces to an 8-byte boundary, data in name order. Same tensors, same bytes.
/// </summary>
public static class SafetensorsWriter
{
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var key in metadata.Keys.Order(StringComparer.Ordinal))
                {
                    json.WriteString(key, metadata[key]);
                }
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var name in names)
            {
                var tensor = tensors[name];
                long size = tensor.NumberOfElements * tensor.ElementSize;
                json.WriteStartObject(name);
                json.WriteString("dtype", SafetensorsDType.NameOf(tensor.dtype));
                json.WriteStartArray("shape");
                foreach (var dim in tensor.shape)
                {
                    json.WriteNumberValue(dim);
                }
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + size);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += size;
            }
            json.WriteEndObject();
        }
        var header = buffer.ToArray();
        int padding = (8 - header.Length % 8) % 8;

        AtomicFile.Write(path, temp =>
        {
            using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write);
            file.Write(BitConverter.GetBytes((ulong)(header.Length + padding)));
            file.Write(header);
            file.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));
            foreach (var name in names)
            {
                var tensor = tensors[name];
                using var contiguous = tensor.detach().cpu().contiguous();
                if (contiguous.NumberOfElements > 0)
                {
                    file.Write(contiguous.bytes);
                }
            }
        });
    }
}
