using System.Text;
using System.Text.Json;

namespace Toolchain.Diffusion.Checkpoints;

/// <summary>
/// Writes a config.json as diffusers does (<c>json.dumps(..., indent=2, sort_keys=True)</c> plus a newline):
/// keys in ordinal order, so the same config always gives the same bytes.
/// </summary>
public sealed class ConfigWriter
{
    private readonly SortedDictionary<string, Action<Utf8JsonWriter>> fields = new(StringComparer.Ordinal);

    public ConfigWriter(string className)
    {
        Add("_class_name", className);
        Add("_diffusers_version", DiffusersVersion);
    }

    /// <summary>The diffusers release whose model definitions this engine reproduces.</summary>
    public const string DiffusersVersion = "0.25.0";

    public ConfigWriter Add(string name, string? value) => value is null ? AddNull(name) : Set(name, w => w.WriteStringValue(value));

    public ConfigWriter Add(string name, int value) => Set(name, w => w.WriteNumberValue(value));

    public ConfigWriter AddOptional(string name, int? value) => value is int v ? Add(name, v) : AddNull(name);

    public ConfigWriter AddNull(string name) => Set(name, w => w.WriteNullValue());

    public ConfigWriter Add(string name, double value) => Set(name, w => w.WriteNumberValue(value));

    public ConfigWriter Add(string name, bool value) => Set(name, w => w.WriteBooleanValue(value));

    public ConfigWriter Add(string name, IReadOnlyList<string> values) => Set(name, w =>
    {
        w.WriteStartArray();
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    });

    public ConfigWriter Add(string name, IReadOnlyList<int> values) => Set(name, w =>
    {
        w.WriteStartArray();
        foreach (var v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    });

    /// <summary>A per-block value: a single int when every block agrees (as configs usually say it), else the list.</summary>
    public ConfigWriter AddPerBlock(string name, IReadOnlyList<int> values) =>
        values.Distinct().Count() == 1 ? Add(name, values[0]) : Add(name, values);

    public string ToJson()
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            foreach (var (name, write) in fields)
            {
                writer.WritePropertyName(name);
                write(writer);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private ConfigWriter Set(string name, Action<Utf8JsonWriter> write)
    {
        fields[name] = write;
        return this;
    }
}
