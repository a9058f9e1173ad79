using Toolchain.Core;
using Toolchain.Stages.Evaluate;

namespace Toolchain.Stages.Retrain;

/// <summary>One accepted synthetic image of filter's imagefolder dataset: its file (relative to the folder), subgroup and prompt.</summary>
public sealed record SyntheticImage(string FileName, string Subgroup, string Prompt);

/// <summary>Reads filter's <c>dataset/metadata.csv</c> (Hugging Face imagefolder layout; see docs/stage-outputs.md).</summary>
public static class SyntheticImageFolder
{
    public static IReadOnlyList<SyntheticImage> Read(string folder)
    {
        var metadata = Path.Combine(folder, "metadata.csv");
        if (!File.Exists(metadata))
        {
            throw new ToolchainError($"filter's dataset has no metadata.csv: {metadata}");
        }
        var images = new List<SyntheticImage>();
        foreach (var row in StageCsv.Read(metadata, "file_name", "subgroup", "prompt"))
        {
            var image = new SyntheticImage(row["file_name"], row["subgroup"], row["prompt"]);
            if (!File.Exists(Path.Combine(folder, image.FileName)))
            {
                throw new ToolchainError($"{metadata}:{row.Line}: image '{image.FileName}' does not exist");
            }
            images.Add(image);
        }
        return images;
    }
}
