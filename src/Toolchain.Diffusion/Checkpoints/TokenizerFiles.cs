using System.Text;
using System.Text.Json;
using Toolchain.Diffusion.Tokenizer;
using Toolchain.Diffusion.Tokenizer.Vocabulary;
using Toolchain.Diffusion.Weights;

namespace Toolchain.Diffusion.Checkpoints;

/// <summary>
/// The files of a diffusers <c>tokenizer/</c> folder held as bytes (vocab.json, merges.txt and the two token
/// configs), so a loaded model saves back exactly what it read, and a scratch model writes the embedded CLIP
/// vocabulary with its own length limit.
/// </summary>
public sealed class TokenizerFiles
{
    public const string SpecialTokensMapFileName = "special_tokens_map.json";
    public const string TokenizerConfigFileName = "tokenizer_config.json";

    private static readonly string[] Required = [ClipVocabulary.VocabFileName, ClipVocabulary.MergesFileName];
    private static readonly string[] Optional = [SpecialTokensMapFileName, TokenizerConfigFileName];

    private readonly SortedDictionary<string, byte[]> files;

    private TokenizerFiles(SortedDictionary<string, byte[]> files)
    {
        this.files = files;
    }

    /// <summary>File names in ordinal order.</summary>
    public IEnumerable<string> Names => files.Keys;

    public static TokenizerFiles Read(string folder)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in Required)
        {
            string path = Path.Combine(folder, name);
            files[name] = File.Exists(path) ? File.ReadAllBytes(path) : throw new WeightsFormatError($"{path}: not found; a CLIP tokenizer folder needs vocab.json and merges.txt");
        }
        foreach (var name in Optional)
        {
            string path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                files[name] = File.ReadAllBytes(path);
            }
        }
        return new TokenizerFiles(files);
    }

    /// <summary>The embedded CLIP vocabulary with Hugging Face CLIPTokenizer's special tokens and the given length limit.</summary>
    public static TokenizerFiles DefaultClip(int modelMaxLength)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [ClipVocabulary.VocabFileName] = ClipVocabulary.VocabJson(),
            [ClipVocabulary.MergesFileName] = ClipVocabulary.Merges(),
            [SpecialTokensMapFileName] = Json(w =>
            {
                w.WriteString("bos_token", ClipTokenizerSettings.DefaultStartToken);
                w.WriteString("eos_token", ClipTokenizerSettings.DefaultEndToken);
                w.WriteString("pad_token", ClipTokenizerSettings.DefaultEndToken);
                w.WriteString("unk_token", ClipTokenizerSettings.DefaultEndToken);
            }),
            [TokenizerConfigFileName] = Json(w =>
            {
                w.WriteString("bos_token", ClipTokenizerSettings.DefaultStartToken);
                w.WriteBoolean("clean_up_tokenization_spaces", true);
                w.WriteBoolean("do_lower_case", true);
                w.WriteString("eos_token", ClipTokenizerSettings.DefaultEndToken);
                w.WriteString("errors", "replace");
                w.WriteNumber("model_max_length", modelMaxLength);
                w.WriteString("pad_token", ClipTokenizerSettings.DefaultEndToken);
                w.WriteString("tokenizer_class", "CLIPTokenizer");
                w.WriteString("unk_token", ClipTokenizerSettings.DefaultEndToken);
            }),
        };
        return new TokenizerFiles(files);
    }

    public void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in files)
        {
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
        }
    }

    /// <summary>Builds the tokenizer these files describe (through a private temporary folder, as the tokenizer reads files).</summary>
    public ClipTokenizer CreateTokenizer()
    {
        string folder = Path.Combine(Path.GetTempPath(), "toolchain-tokenizer-" + Guid.NewGuid().ToString("N"));
        try
        {
            Write(folder);
            return ClipTokenizer.FromFolder(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Keys are written in ordinal order by the callers, so the bytes are fixed.
    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
    }
}
