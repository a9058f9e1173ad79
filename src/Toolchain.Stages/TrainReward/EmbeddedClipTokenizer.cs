using Toolchain.Diffusion.Tokenizer;
using Toolchain.Diffusion.Tokenizer.Vocabulary;

namespace Toolchain.Stages.TrainReward;

/// <summary>
/// The CLIP BPE vocabulary the toolchain ships (<see cref="ClipVocabulary"/>, MIT licence). A trained dual
/// encoder's folder gets its own copy, licence included, so the ids it was trained on can always be reproduced.
/// </summary>
public static class EmbeddedClipTokenizer
{
    /// <summary>Writes the tokenizer files into <paramref name="folder"/> and loads the tokenizer from there.</summary>
    public static ClipTokenizer WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, ClipVocabulary.VocabFileName), ClipVocabulary.VocabJson());
        File.WriteAllBytes(Path.Combine(folder, ClipVocabulary.MergesFileName), ClipVocabulary.Merges());
        File.WriteAllBytes(Path.Combine(folder, ClipVocabulary.LicenseFileName), ClipVocabulary.License());
        return ClipTokenizer.FromFolder(folder);
    }
}
