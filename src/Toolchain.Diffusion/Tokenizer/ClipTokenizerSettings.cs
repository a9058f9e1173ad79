using System.Text.Json;

namespace Toolchain.Diffusion.Tokenizer;

/// <summary>
/// The special tokens and length limit a checkpoint's tokenizer folder declares in
/// <c>tokenizer_config.json</c> / <c>special_tokens_map.json</c>. Defaults are Hugging Face CLIPTokenizer's:
/// start <c>&lt;|startoftext|&gt;</c>, end and pad <c>&lt;|endoftext|&gt;</c>, 77 tokens.
/// SD 2.x checkpoints declare <c>"pad_token": "!"</c> (id 0).
/// </summary>
public sealed record ClipTokenizerSettings(
    string StartToken = ClipTokenizerSettings.DefaultStartToken,
    string EndToken = ClipTokenizerSettings.DefaultEndToken,
    string PadToken = ClipTokenizerSettings.DefaultEndToken,
    int ModelMaxLength = 77)
{
    public const string DefaultStartToken = "<|startoftext|>";
    public const string DefaultEndToken = "<|endoftext|>";

    /// <summary>Reads the settings from a tokenizer folder; special_tokens_map.json wins over tokenizer_config.json as in transformers.</summary>
    public static ClipTokenizerSettings FromFolder(string folder)
    {
        var settings = new ClipTokenizerSettings();
        foreach (var name in new[] { "tokenizer_config.json", "special_tokens_map.json" })
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                settings = settings.Apply(path);
            }
        }
        return settings;
    }

    private ClipTokenizerSettings Apply(string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatError($"{path}: invalid JSON: {e.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new TokenizerFormatError($"{path}: expected a JSON object");
            }
            var result = this;
            var root = doc.RootElement;
            if (TokenText(path, root, "bos_token") is { } bos) result = result with { StartToken = bos };
            if (TokenText(path, root, "eos_token") is { } eos) result = result with { EndToken = eos };
            if (TokenText(path, root, "pad_token") is { } pad) result = result with { PadToken = pad };
            if (root.TryGetProperty("model_max_length", out var max))
            {
                // transformers writes a huge sentinel (1e30) when no limit is known; CLIP's position table is the real limit.
                if (max.ValueKind != JsonValueKind.Number || !max.TryGetDouble(out var value) || value < 2)
                {
                    throw new TokenizerFormatError($"{path}: model_max_length must be a number >= 2");
                }
                if (value <= 1_000_000)
                {
                    result = result with { ModelMaxLength = (int)value };
                }
            }
            return result;
        }
    }

    // A special token is written either as a string or as an AddedToken object {"content": "..."}.
    private static string? TokenText(string path, JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }
        throw new TokenizerFormatError($"{path}: '{key}' must be a string or an object with 'content'");
    }
}
