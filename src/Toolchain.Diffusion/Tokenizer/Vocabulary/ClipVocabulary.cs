using System.Reflection;

namespace Toolchain.Diffusion.Tokenizer.Vocabulary;

/// <summary>
/// OpenAI CLIP's BPE vocabulary (49,408 tokens; MIT licence, see LICENSE.txt beside this file), embedded in
/// the assembly so that a model trained from scratch uses the same tokenizer as Stable Diffusion checkpoints
/// without any download.
/// </summary>
public static class ClipVocabulary
{
    public const string VocabFileName = "vocab.json";
    public const string MergesFileName = "merges.txt";
    public const string LicenseFileName = "LICENSE.txt";

    /// <summary>Tokens in the vocabulary, the text encoder's vocab_size.</summary>
    public const int Size = 49408;

    public static byte[] VocabJson() => Read(VocabFileName);

    public static byte[] Merges() => Read(MergesFileName);

    /// <summary>The licence text that must travel with copies of the vocabulary.</summary>
    public static byte[] License() => Read(LicenseFileName);

    private static byte[] Read(string file)
    {
        string name = "Toolchain.Diffusion.ClipVocabulary." + file;
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from {Assembly.GetExecutingAssembly().GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
