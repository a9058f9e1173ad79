using Toolchain.Diffusion.Tokenizer;

namespace Toolchain.Stages.TrainReward;

/// <summary>
/// The CLIP BPE vocabulary shipped inside this assembly (MIT licence, see ClipTokenizer/LICENSE.txt). A trained
/// dual encoder's folder gets its own copy, so the ids it was trained on can always be reproduced.
/// </summary>
public static class EmbeddedClipTokenizer
{
    private static readonly string[] Files = ["vocab.json", "merges.txt", "LICENSE.txt"];

    /// <summary>Writes the tokenizer files into <paramref name="folder"/> and loads the tokenizer from there.</summary>
    public static ClipTokenizer WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        var assembly = typeof(EmbeddedClipTokenizer).Assembly;
        foreach (var file in Files)
        {
            using var resource = assembly.GetManifestResourceStream("ClipTokenizer/" + file)
                ?? throw new InvalidOperationException($"the toolchain build is missing its embedded CLIP tokenizer file {file}");
            using var output = File.Create(Path.Combine(folder, file));
            resource.CopyTo(output);
        }
        return ClipTokenizer.FromFolder(folder);
    }
}
