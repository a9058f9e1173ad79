using System.Text.Json;
using Toolchain.Diffusion.Weights;

namespace Toolchain.Diffusion.TextEncoder;

/// <summary>
/// The fields of a Hugging Face <c>CLIPTextConfig</c> (<c>text_encoder/config.json</c>) that shape the network.
/// Defaults are transformers' (the 63M-parameter CLIP ViT-B text tower); SD 1.x uses hidden 768 / 12 layers / 12 heads.
/// Other keys (architectures, dropout, projection_dim, ...) are listed in <see cref="IgnoredKeys"/>.
/// </summary>
public sealed record ClipTextConfig
{
    public int VocabSize { get; init; } = 49408;
    public int HiddenSize { get; init; } = 512;
    public int IntermediateSize { get; init; } = 2048;
    public int NumHiddenLayers { get; init; } = 12;
    public int NumAttentionHeads { get; init; } = 8;
    public int MaxPositionEmbeddings { get; init; } = 77;
    /// <summary><c>quick_gelu</c> (OpenAI CLIP, SD 1.x) or <c>gelu</c> (OpenCLIP, SD 2.x).</summary>
    public string HiddenAct { get; init; } = "quick_gelu";
    public double LayerNormEps { get; init; } = 1e-5;
    public double InitializerFactor { get; init; } = 1.0;
    /// <summary>2 in older configs means "pool at the argmax id" (the end token has the largest id).</summary>
    public int EosTokenId { get; init; } = 49407;
    public IReadOnlyList<string> IgnoredKeys { get; init; } = [];

    public int HeadDim => HiddenSize / NumAttentionHeads;

    public static ClipTextConfig FromFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new WeightsFormatError($"{path}: file not found");
        }
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return FromJson(doc.RootElement, path);
        }
        catch (JsonException e)
        {
            throw new WeightsFormatError($"{path}: invalid JSON: {e.Message}");
        }
    }

    public static ClipTextConfig FromJson(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new WeightsFormatError($"{source}: expected a JSON object");
        }
        var c = new ClipTextConfig();
        var ignored = new List<string>();
        foreach (var p in root.EnumerateObject())
        {
            c = p.Name switch
            {
                "vocab_size" => c with { VocabSize = Int(source, p) },
                "hidden_size" => c with { HiddenSize = Int(source, p) },
                "intermediate_size" => c with { IntermediateSize = Int(source, p) },
                "num_hidden_layers" => c with { NumHiddenLayers = Int(source, p) },
                "num_attention_heads" => c with { NumAttentionHeads = Int(source, p) },
                "max_position_embeddings" => c with { MaxPositionEmbeddings = Int(source, p) },
                "hidden_act" => c with { HiddenAct = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw Bad(source, p.Name, "a string") },
                "layer_norm_eps" => c with { LayerNormEps = Number(source, p) },
                "initializer_factor" => c with { InitializerFactor = Number(source, p) },
                "eos_token_id" => c with { EosTokenId = Int(source, p) },
                _ => Ignore(c, ignored, p.Name),
            };
        }
        c = c with { IgnoredKeys = ignored };
        c.Validate(source);
        return c;
    }

    public void Validate(string source = "text encoder config")
    {
        foreach (var (name, value) in new[] { ("vocab_size", VocabSize), ("hidden_size", HiddenSize), ("intermediate_size", IntermediateSize), ("num_hidden_layers", NumHiddenLayers), ("num_attention_heads", NumAttentionHeads), ("max_position_embeddings", MaxPositionEmbeddings) })
        {
            if (value < 1)
            {
                throw new WeightsFormatError($"{source}: '{name}' must be positive, got {value}");
            }
        }
        if (HiddenSize % NumAttentionHeads != 0)
        {
            throw new WeightsFormatError($"{source}: hidden_size {HiddenSize} is not divisible by num_attention_heads {NumAttentionHeads}");
        }
        if (HiddenAct is not ("quick_gelu" or "gelu"))
        {
            throw new WeightsFormatError($"{source}: hidden_act '{HiddenAct}' is not supported (quick_gelu, gelu)");
        }
        if (!(LayerNormEps > 0))
        {
            throw new WeightsFormatError($"{source}: layer_norm_eps must be positive");
        }
    }

    private static ClipTextConfig Ignore(ClipTextConfig c, List<string> ignored, string key)
    {
        ignored.Add(key);
        return c;
    }

    private static WeightsFormatError Bad(string source, string key, string what) => new($"{source}: '{key}' must be {what}");

    private static int Int(string source, JsonProperty p) =>
        p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var i) ? i : throw Bad(source, p.Name, "an integer");

    private static double Number(string source, JsonProperty p) =>
        p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : throw Bad(source, p.Name, "a number");
}
