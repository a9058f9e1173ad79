using TorchSharp;

namespace Toolchain.Diffusion.Weights;

/// <summary>The element types of the safetensors format that this engine can load.</summary>
public static class SafetensorsDType
{
    private static readonly Dictionary<string, (torch.ScalarType Type, int Size)> Known = new(StringComparer.Ordinal)
    {
        ["F64"] = (torch.ScalarType.Float64, 8),
        ["F32"] = (torch.ScalarType.Float32, 4),
        ["F16"] = (torch.ScalarType.Float16, 2),
        ["BF16"] = (torch.ScalarType.BFloat16, 2),
        ["I64"] = (torch.ScalarType.Int64, 8),
        ["I32"] = (torch.ScalarType.Int32, 4),
        ["I16"] = (torch.ScalarType.Int16, 2),
        ["I8"] = (torch.ScalarType.Int8, 1),
        ["U8"] = (torch.ScalarType.Byte, 1),
        ["BOOL"] = (torch.ScalarType.Bool, 1),
    };

    public static bool TryParse(string name, out torch.ScalarType type, out int elementSize)
    {
        if (Known.TryGetValue(name, out var entry))
        {
            (type, elementSize) = entry;
            return true;
        }
        type = default;
        elementSize = 0;
        return false;
    }

    public static string NameOf(torch.ScalarType type)
    {
        foreach (var (name, entry) in Known)
        {
            if (entry.Type == type)
            {
                return name;
            }
        }
        throw new ArgumentException($"dtype {type} has no safetensors name", nameof(type));
    }
}
