using System.Globalization;
using System.Text.Json;

namespace Toolchain.Diffusion.Checkpoints;

/// <summary>
/// Reads the fields of a diffusers config.json strictly: wrong types, unsupported values and unknown
/// fields are errors naming the file and the field. Fields starting with '_' are bookkeeping and ignored.
/// </summary>
public sealed class ConfigReader
{
    private readonly JsonElement root;
    private readonly HashSet<string> consumed = new(StringComparer.Ordinal);

    private ConfigReader(JsonElement root, string source)
    {
        this.root = root;
        Source = source;
    }

    public string Source { get; }

    public static ConfigReader Parse(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ModelConfigError($"{source}: a config must be a JSON object");
            }
            return new ConfigReader(document.RootElement.Clone(), source);
        }
        catch (JsonException e)
        {
            throw new ModelConfigError($"{source}: not valid JSON ({e.Message})");
        }
    }

    public static ConfigReader Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelConfigError($"{path}: file not found");
        }
        return Parse(File.ReadAllText(path), path);
    }

    public string? ClassName => root.TryGetProperty("_class_name", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public ModelConfigError Error(string field, string problem) => new($"{Source}: field '{field}' {problem}");

    private JsonElement? Get(string field)
    {
        consumed.Add(field);
        return root.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    public bool Has(string field) => Get(field) is not null;

    public int Int(string field, int? fallback = null)
    {
        var value = Get(field);
        if (value is null)
        {
            return fallback ?? throw Error(field, "is required");
        }
        return ToInt(field, value.Value);
    }

    public int? OptionalInt(string field) => Get(field) is { } value ? ToInt(field, value) : null;

    public double Double(string field, double fallback)
    {
        var value = Get(field);
        if (value is null)
        {
            return fallback;
        }
        return value.Value.ValueKind == JsonValueKind.Number ? value.Value.GetDouble() : throw Error(field, "must be a number");
    }

    public bool Bool(string field, bool fallback)
    {
        var value = Get(field);
        if (value is null)
        {
            return fallback;
        }
        return value.Value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(field, "must be true or false"),
        };
    }

    public string? OptionalString(string field)
    {
        var value = Get(field);
        if (value is null)
        {
            return null;
        }
        return value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString() : throw Error(field, "must be a string");
    }

    public string String(string field, string? fallback = null) =>
        OptionalString(field) ?? fallback ?? throw Error(field, "is required");

    public string[] StringList(string field)
    {
        var value = Get(field) ?? throw Error(field, "is required");
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Error(field, "must be a list of strings");
        }
        return value.EnumerateArray()
            .Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Error(field, "must be a list of strings"))
            .ToArray();
    }

    public int[] IntList(string field)
    {
        var value = Get(field) ?? throw Error(field, "is required");
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Error(field, "must be a list of integers");
        }
        return value.EnumerateArray().Select(item => ToInt(field, item)).ToArray();
    }

    /// <summary>An int applying to every block, or one int per block (diffusers accepts both).</summary>
    public int[]? PerBlock(string field, int blocks, int? fallback = null)
    {
        var value = Get(field);
        if (value is null)
        {
            return fallback is int f ? Enumerable.Repeat(f, blocks).ToArray() : null;
        }
        if (value.Value.ValueKind == JsonValueKind.Array)
        {
            var list = value.Value.EnumerateArray().Select(item => ToInt(field, item)).ToArray();
            if (list.Length != blocks)
            {
                throw Error(field, $"has {list.Length} entries but there are {blocks} down blocks");
            }
            return list;
        }
        return Enumerable.Repeat(ToInt(field, value.Value), blocks).ToArray();
    }

    /// <summary>The field must be absent, null, or one of the accepted values (the only behaviour implemented).</summary>
    public void RequireOneOf(string field, params object?[] accepted)
    {
        var value = Get(field);
        if (value is null)
        {
            if (accepted.Contains(null))
            {
                return;
            }
            throw Error(field, $"must be one of {Describe(accepted)}");
        }
        var element = value.Value;
        bool ok = accepted.Any(a => a switch
        {
            null => false,
            bool b => element.ValueKind == (b ? JsonValueKind.True : JsonValueKind.False),
            string s => element.ValueKind == JsonValueKind.String && element.GetString() == s,
            double d => element.ValueKind == JsonValueKind.Number && element.GetDouble() == d,
            int i => element.ValueKind == JsonValueKind.Number && element.GetDouble() == i,
            _ => false,
        });
        if (!ok)
        {
            throw Error(field, $"is {element.GetRawText()}, but this engine only implements {Describe(accepted)}");
        }
    }

    /// <summary>Call last: any field that no reader asked for is unknown to this engine.</summary>
    public void RejectUnknownFields()
    {
        var unknown = root.EnumerateObject()
            .Select(p => p.Name)
            .Where(name => !name.StartsWith('_') && !consumed.Contains(name))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (unknown.Count > 0)
        {
            throw new ModelConfigError($"{Source}: unknown field(s) {string.Join(", ", unknown)}; this engine does not implement them");
        }
    }

    private int ToInt(string field, JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int result))
        {
            return result;
        }
        throw Error(field, $"must be an integer, got {element.GetRawText()}");
    }

    private static string Describe(object?[] accepted) =>
        string.Join(" or ", accepted.Select(a => a switch
        {
            null => "null",
            bool b => b ? "true" : "false",
            string s => $"\"{s}\"",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => a.ToString(),
        }));
}
