using System.Text.Json;
using Toolchain.Diffusion.Tokenizer;

namespace Toolchain.Diffusion.Tests.Tokenizer;

public class ClipTokenizerTests
{
    private static readonly Lazy<ClipTokenizer> Reference = new(() => ClipTokenizer.FromFolder(Fixtures.Path("clip-tokenizer")));

    public static TheoryData<string, int[]> Cases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("clip-tokenizer", "cases.json")));
        var data = new TheoryData<string, int[]>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("text").GetString()!, c.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesOpenAiClipOnFixtureCases(string text, int[] expected)
    {
        Assert.Equal(expected, Reference.Value.Encode(text));
    }

    [Fact]
    public void FixtureHasEveryCase()
    {
        Assert.Equal(4, Cases().Count);
    }

    [Fact]
    public void SpecialIdsAndDefaultsAreSd1x()
    {
        var tok = Reference.Value;
        Assert.Equal(49406, tok.StartTokenId);
        Assert.Equal(49407, tok.EndTokenId);
        Assert.Equal(49407, tok.PadTokenId);
        Assert.Equal(77, tok.ModelMaxLength);
        Assert.Equal(49408, tok.VocabularySize);
    }

    [Fact]
    public void CleansWhitespaceCaseAndHtml()
    {
        var tok = Reference.Value;
        Assert.Equal(tok.Encode("melanoma & nevus"), tok.Encode("  MELANOMA   &amp;amp;\n\tNevus "));
        Assert.Equal(tok.Encode("it's"), tok.Encode("it\u2019s"));
    }

    [Fact]
    public void TruncatesKeepingEndTokenLast()
    {
        var tok = Reference.Value;
        var text = string.Join(' ', Enumerable.Repeat("lesion", 200));
        var ids = tok.Encode(text);
        Assert.Equal(77, ids.Length);
        Assert.Equal(49406, ids[0]);
        Assert.Equal(49407, ids[^1]);
        var untruncated = tok.Encode(text, 10_000);
        Assert.True(untruncated.Length > 77);
        Assert.Equal(untruncated[..76], ids[..76]);
        var short10 = tok.Encode(text, 10);
        Assert.Equal(ids[..9].Append(49407), short10);
    }

    [Fact]
    public void PadsWithEndTokenForSd1xAndIdZeroForSd2x()
    {
        var sd1 = Reference.Value.EncodePadded("nevus");
        Assert.Equal(new[] { 49406, 10236, 718, 49407 }, sd1[..4]);
        Assert.All(sd1[4..], id => Assert.Equal(49407, id));

        var dir = Directory.CreateTempSubdirectory("sd2-tokenizer");
        try
        {
            File.Copy(Fixtures.Path("clip-tokenizer", "vocab.json"), Path.Combine(dir.FullName, "vocab.json"));
            File.Copy(Fixtures.Path("clip-tokenizer", "merges.txt"), Path.Combine(dir.FullName, "merges.txt"));
            File.WriteAllText(Path.Combine(dir.FullName, "special_tokens_map.json"),
                """{"bos_token": {"content": "<|startoftext|>"}, "eos_token": "<|endoftext|>", "pad_token": "!", "unk_token": "<|endoftext|>"}""");
            File.WriteAllText(Path.Combine(dir.FullName, "tokenizer_config.json"), """{"model_max_length": 77, "pad_token": "<|endoftext|>"}""");
            var sd2 = ClipTokenizer.FromFolder(dir.FullName);
            Assert.Equal(0, sd2.PadTokenId);
            var padded = sd2.EncodePadded("nevus");
            Assert.Equal(77, padded.Length);
            Assert.All(padded[4..], id => Assert.Equal(0, id));
            using var batch = sd2.EncodeBatch(["nevus", "melanoma"]);
            Assert.Equal(new long[] { 2, 77 }, batch.shape);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void DecodeInvertsEncode()
    {
        var tok = Reference.Value;
        Assert.Equal("seborrheic keratosis , 6 mm", tok.Decode(tok.Encode("Seborrheic keratosis, 6mm")));
    }

    [Fact]
    public void MalformedMergesNameTheLine()
    {
        var dir = Directory.CreateTempSubdirectory("bad-tokenizer");
        try
        {
            File.Copy(Fixtures.Path("clip-tokenizer", "vocab.json"), Path.Combine(dir.FullName, "vocab.json"));
            File.WriteAllLines(Path.Combine(dir.FullName, "merges.txt"), ["#version: 0.2", "i n", "this line is wrong"]);
            var error = Assert.Throws<TokenizerFormatError>(() => ClipTokenizer.FromFolder(dir.FullName));
            Assert.Contains("merges.txt:3", error.Message);
            Assert.Equal(2, error.ExitCode);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
