using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tokenizer;

/// <summary>
/// CLIP's byte-level BPE tokenizer (openai/CLIP simple_tokenizer.py, Hugging Face CLIPTokenizer) read from a
/// checkpoint's <c>tokenizer/</c> folder: text cleanup, CLIP's pre-tokenisation, byte-to-unicode mapping, BPE
/// merges with <c>&lt;/w&gt;</c> word ends, start/end tokens, truncation keeping the end token last, padding.
/// Thread-safe.
/// </summary>
public sealed partial class ClipTokenizer
{
    private const string WordEnd = "</w>";

    private readonly Dictionary<string, int> encoder;
    private readonly string[] decoder;
    private readonly Dictionary<(string, string), int> mergeRanks;
    private readonly ConcurrentDictionary<string, string[]> cache = new(StringComparer.Ordinal);

    private ClipTokenizer(Dictionary<string, int> encoder, Dictionary<(string, string), int> mergeRanks, ClipTokenizerSettings settings, string source)
    {
        this.encoder = encoder;
        this.mergeRanks = mergeRanks;
        Settings = settings;
        decoder = new string[encoder.Values.Max() + 1];
        foreach (var (token, id) in encoder)
        {
            decoder[id] = token;
        }
        StartTokenId = SpecialId(settings.StartToken, "start", source);
        EndTokenId = SpecialId(settings.EndToken, "end", source);
        PadTokenId = SpecialId(settings.PadToken, "pad", source);
        // Special tokens written in the text stay whole, as in the reference's pre-seeded BPE cache.
        foreach (var special in new[] { settings.StartToken, settings.EndToken })
        {
            cache[special] = [special];
        }
    }

    public ClipTokenizerSettings Settings { get; }

    public int StartTokenId { get; }

    public int EndTokenId { get; }

    public int PadTokenId { get; }

    /// <summary>Sequence length including start and end tokens (77 for Stable Diffusion).</summary>
    public int ModelMaxLength => Settings.ModelMaxLength;

    public int VocabularySize => encoder.Count;

    /// <summary>Reads <c>vocab.json</c>, <c>merges.txt</c> and the optional token configs of a tokenizer folder.</summary>
    public static ClipTokenizer FromFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new TokenizerFormatError($"{folder}: tokenizer folder not found");
        }
        return FromFiles(Path.Combine(folder, "vocab.json"), Path.Combine(folder, "merges.txt"), ClipTokenizerSettings.FromFolder(folder));
    }

    public static ClipTokenizer FromFiles(string vocabPath, string mergesPath, ClipTokenizerSettings? settings = null)
    {
        var encoder = ReadVocabulary(vocabPath);
        var ranks = ReadMerges(mergesPath, encoder);
        return new ClipTokenizer(encoder, ranks, settings ?? new ClipTokenizerSettings(), vocabPath);
    }

    /// <summary>The BPE tokens of the cleaned text, without start/end tokens.</summary>
    public IReadOnlyList<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        foreach (Match word in PreTokenizer().Matches(ClipTextNormalizer.Normalize(text)))
        {
            var bytes = Encoding.UTF8.GetBytes(word.Value);
            var mapped = new StringBuilder(bytes.Length);
            foreach (var b in bytes)
            {
                mapped.Append(ByteUnicodeMap.ByteToChar[b]);
            }
            tokens.AddRange(cache.GetOrAdd(mapped.ToString(), Bpe));
        }
        return tokens;
    }

    /// <summary>
    /// Ids with start and end tokens, unpadded, truncated to <paramref name="maxLength"/> (default
    /// <see cref="ModelMaxLength"/>) with the end token kept last.
    /// </summary>
    public int[] Encode(string text, int? maxLength = null)
    {
        int limit = maxLength ?? ModelMaxLength;
        if (limit < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), "max length must leave room for the start and end tokens (>= 2)");
        }
        var body = Tokenize(text).Select(t => encoder[t]).Take(limit - 2);
        return [StartTokenId, .. body, EndTokenId];
    }

    /// <summary>Ids padded with the checkpoint's pad token to exactly <paramref name="length"/> (default <see cref="ModelMaxLength"/>).</summary>
    public int[] EncodePadded(string text, int? length = null)
    {
        int target = length ?? ModelMaxLength;
        var ids = Encode(text, target);
        var padded = Enumerable.Repeat(PadTokenId, target).ToArray();
        ids.CopyTo(padded, 0);
        return padded;
    }

    /// <summary>A (batch, length) int64 tensor of padded ids, as a text encoder takes them.</summary>
    public Tensor EncodeBatch(IReadOnlyList<string> texts, int? length = null)
    {
        int target = length ?? ModelMaxLength;
        var data = new long[texts.Count * target];
        for (int i = 0; i < texts.Count; i++)
        {
            var ids = EncodePadded(texts[i], target);
            for (int j = 0; j < target; j++)
            {
                data[i * target + j] = ids[j];
            }
        }
        return tensor(data, [texts.Count, target]);
    }

    /// <summary>Text of the ids (special tokens and padding dropped), words separated by single spaces.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            if (id == StartTokenId || id == EndTokenId || (id == PadTokenId && PadTokenId == EndTokenId))
            {
                continue;
            }
            if (id < 0 || id >= decoder.Length || decoder[id] is null)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), $"token id {id} is not in the vocabulary");
            }
            var token = decoder[id];
            bool endsWord = token.EndsWith(WordEnd, StringComparison.Ordinal);
            foreach (var c in endsWord ? token[..^WordEnd.Length] : token)
            {
                bytes.Add(ByteUnicodeMap.CharToByte[c]);
            }
            if (endsWord)
            {
                bytes.Add((byte)' ');
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray()).TrimEnd();
    }

    // Byte-pair encoding of one pre-token: start from characters (the last one carrying </w>) and repeatedly
    // merge the adjacent pair with the lowest merge rank until no ranked pair remains.
    private string[] Bpe(string word)
    {
        var symbols = new List<string>(word.Length);
        for (int i = 0; i < word.Length - 1; i++)
        {
            symbols.Add(word[i].ToString());
        }
        symbols.Add(word[^1] + WordEnd);
        while (symbols.Count > 1)
        {
            int bestRank = int.MaxValue;
            (string, string) best = default;
            for (int i = 0; i < symbols.Count - 1; i++)
            {
                if (mergeRanks.TryGetValue((symbols[i], symbols[i + 1]), out var rank) && rank < bestRank)
                {
                    bestRank = rank;
                    best = (symbols[i], symbols[i + 1]);
                }
            }
            if (bestRank == int.MaxValue)
            {
                break;
            }
            var merged = new List<string>(symbols.Count);
            for (int i = 0; i < symbols.Count; i++)
            {
                if (i < symbols.Count - 1 && symbols[i] == best.Item1 && symbols[i + 1] == best.Item2)
                {
                    merged.Add(best.Item1 + best.Item2);
                    i++;
                }
                else
                {
                    merged.Add(symbols[i]);
                }
            }
            symbols = merged;
        }
        foreach (var symbol in symbols)
        {
            if (!encoder.ContainsKey(symbol))
            {
                throw new TokenizerFormatError($"BPE produced '{symbol}', which vocab.json does not contain (vocab.json and merges.txt do not belong together)");
            }
        }
        return [.. symbols];
    }

    private int SpecialId(string token, string role, string source) =>
        encoder.TryGetValue(token, out var id)
            ? id
            : throw new TokenizerFormatError($"{source}: the {role} token '{token}' is not in the vocabulary");

    private static Dictionary<string, int> ReadVocabulary(string path)
    {
        if (!File.Exists(path))
        {
            throw new TokenizerFormatError($"{path}: file not found");
        }
        Dictionary<string, int>? vocab;
        try
        {
            vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatError($"{path}: expected a JSON object of token -> id: {e.Message}");
        }
        if (vocab is null || vocab.Count == 0)
        {
            throw new TokenizerFormatError($"{path}: empty vocabulary");
        }
        var ids = new HashSet<int>();
        foreach (var (token, id) in vocab)
        {
            if (id < 0 || !ids.Add(id))
            {
                throw new TokenizerFormatError($"{path}: token '{token}' has a negative or duplicate id {id}");
            }
        }
        if (vocab.Count > 10_000_000)
        {
            throw new TokenizerFormatError($"{path}: implausibly large vocabulary ({vocab.Count} tokens)");
        }
        return new Dictionary<string, int>(vocab, StringComparer.Ordinal);
    }

    private static Dictionary<(string, string), int> ReadMerges(string path, Dictionary<string, int> vocab)
    {
        if (!File.Exists(path))
        {
            throw new TokenizerFormatError($"{path}: file not found");
        }
        var ranks = new Dictionary<(string, string), int>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal)))
            {
                continue;
            }
            var parts = line.Split(' ');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new TokenizerFormatError($"{path}:{lineNumber}: expected two space-separated symbols, got '{line}'");
            }
            if (!vocab.ContainsKey(parts[0] + parts[1]))
            {
                throw new TokenizerFormatError($"{path}:{lineNumber}: merge result '{parts[0] + parts[1]}' is not in vocab.json");
            }
            ranks.TryAdd((parts[0], parts[1]), ranks.Count);
        }
        if (ranks.Count == 0)
        {
            throw new TokenizerFormatError($"{path}: no merges");
        }
        return ranks;
    }

    // CLIP's pre-tokenisation: special tokens, English contractions, letter runs, single digits, runs of other symbols.
    [GeneratedRegex(@"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PreTokenizer();
}
