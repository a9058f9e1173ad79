using System.Text.Json;
using Toolchain.Diffusion.Models.Unet;
using Toolchain.Diffusion.Models.Vae;
using Toolchain.Diffusion.Weights;

namespace Toolchain.Diffusion.Checkpoints;

/// <summary>One component listed in model_index.json, e.g. ("unet", "diffusers", "UNet2DConditionModel").</summary>
public sealed record DiffusersComponentEntry(string Name, string Library, string ClassName);

/// <summary>
/// A diffusers pipeline folder: <c>model_index.json</c> names the components, each in its own subfolder
/// (<c>unet/</c>, <c>vae/</c>, <c>text_encoder/</c>, <c>tokenizer/</c>, <c>scheduler/</c>). This type loads the
/// UNet and VAE; the other components' folders are exposed for their own loaders.
/// </summary>
public sealed class DiffusersCheckpoint
{
    public const string ModelIndexFileName = "model_index.json";

    private DiffusersCheckpoint(string root, string pipelineClassName, IReadOnlyDictionary<string, DiffusersComponentEntry> components)
    {
        Root = root;
        PipelineClassName = pipelineClassName;
        Components = components;
    }

    public string Root { get; }

    /// <summary>model_index.json's <c>_class_name</c>, e.g. StableDiffusionPipeline.</summary>
    public string PipelineClassName { get; }

    /// <summary>The components model_index.json lists with a library and class (null entries such as a removed safety checker are left out).</summary>
    public IReadOnlyDictionary<string, DiffusersComponentEntry> Components { get; }

    public static DiffusersCheckpoint Open(string root)
    {
        string path = Path.Combine(root, ModelIndexFileName);
        if (!File.Exists(path))
        {
            throw new WeightsFormatError($"{path}: not found; a diffusers checkpoint folder starts with model_index.json");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new WeightsFormatError($"{path}: not valid JSON ({e.Message})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new WeightsFormatError($"{path}: must be a JSON object");
            }
            string pipeline = document.RootElement.TryGetProperty("_class_name", out var cls) && cls.ValueKind == JsonValueKind.String
                ? cls.GetString()!
                : throw new WeightsFormatError($"{path}: '_class_name' is required");
            var components = new SortedDictionary<string, DiffusersComponentEntry>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                // Components are [library, class] pairs; other fields (requires_safety_checker...) are pipeline options.
                if (property.Name.StartsWith('_') || property.Value.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }
                var pair = property.Value.EnumerateArray().ToArray();
                if (pair.Length != 2)
                {
                    throw new WeightsFormatError($"{path}: component '{property.Name}' must be [library, class]");
                }
                if (pair[0].ValueKind == JsonValueKind.Null && pair[1].ValueKind == JsonValueKind.Null)
                {
                    continue;
                }
                if (pair[0].ValueKind != JsonValueKind.String || pair[1].ValueKind != JsonValueKind.String)
                {
                    throw new WeightsFormatError($"{path}: component '{property.Name}' must be [library, class] strings or [null, null]");
                }
                components[property.Name] = new DiffusersComponentEntry(property.Name, pair[0].GetString()!, pair[1].GetString()!);
            }
            return new DiffusersCheckpoint(root, pipeline, components);
        }
    }

    /// <summary>The folder of a listed component; an error if model_index.json does not list it or the folder is absent.</summary>
    public string ComponentPath(string name)
    {
        if (!Components.ContainsKey(name))
        {
            throw new WeightsFormatError($"{Path.Combine(Root, ModelIndexFileName)}: no component '{name}' (listed: {string.Join(", ", Components.Keys)})");
        }
        string folder = Path.Combine(Root, name);
        return Directory.Exists(folder) ? folder : throw new WeightsFormatError($"{folder}: component folder listed in model_index.json is missing");
    }

    public UNet2DConditionModel LoadUnet() => DiffusersComponent.LoadUnet(ComponentPath("unet"));

    public AutoencoderKL LoadVae() => DiffusersComponent.LoadVae(ComponentPath("vae"));

    /// <summary>Writes model_index.json (keys sorted, like diffusers); component folders are written by their own Save methods.</summary>
    public static void WriteModelIndex(string root, string pipelineClassName, IEnumerable<DiffusersComponentEntry> components, IReadOnlyDictionary<string, bool>? options = null)
    {
        Directory.CreateDirectory(root);
        var buffer = new MemoryStream();
        var fields = new SortedDictionary<string, Action<Utf8JsonWriter>>(StringComparer.Ordinal)
        {
            ["_class_name"] = w => w.WriteStringValue(pipelineClassName),
            ["_diffusers_version"] = w => w.WriteStringValue(ConfigWriter.DiffusersVersion),
        };
        foreach (var component in components)
        {
            fields[component.Name] = w =>
            {
                w.WriteStartArray();
                w.WriteStringValue(component.Library);
                w.WriteStringValue(component.ClassName);
                w.WriteEndArray();
            };
        }
        foreach (var (name, value) in options ?? new Dictionary<string, bool>())
        {
            fields[name] = w => w.WriteBooleanValue(value);
        }
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
        File.WriteAllText(Path.Combine(root, ModelIndexFileName), System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
    }
}
