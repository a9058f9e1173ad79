using System.Globalization;
using CsvHelper;
using Toolchain.Stages.Rewards;

namespace Toolchain.Stages.Filter;

/// <summary>
/// Writes the accepted images as a Hugging Face imagefolder: <c>dataset/images/&lt;subgroup&gt;/&lt;n&gt;.png</c>
/// (the sample's bytes, unchanged) and <c>dataset/metadata.csv</c> with file_name first, then one 0/1 column per
/// label parsed from the prompt (empty when the prompt says nothing about it), subgroup, prompt, seed, reward, model_digest.
/// </summary>
public static class ImageFolderWriter
{
    public const string Folder = "dataset";
    public const string MetadataFile = "metadata.csv";

    public static void Write(string outputDirectory, string sampleOutputs, IReadOnlyList<FilterDecision> accepted, PromptLabels labels)
    {
        var root = Path.Combine(outputDirectory, Folder);
        Directory.CreateDirectory(root);
        using var stream = File.Create(Path.Combine(root, MetadataFile));
        using var csv = CsvWriter.Create(stream, new CsvWriterOptions { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: false);
        csv.WriteHeader(["file_name", .. labels.Heads, "subgroup", "prompt", "seed", "reward", "model_digest"]);
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var decision in accepted)
        {
            var candidate = decision.Candidate;
            int n = counters.GetValueOrDefault(candidate.Subgroup);
            counters[candidate.Subgroup] = n + 1;
            var fileName = string.Create(CultureInfo.InvariantCulture, $"images/{candidate.Subgroup}/{n}.png");
            var target = Path.Combine(root, fileName.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(SampleCandidates.PathOf(sampleOutputs, candidate), target);

            csv.WriteRecord(
            [
                fileName,
                .. labels.Vector(candidate.Prompt).Select(v => float.IsNaN(v) ? "" : v.ToString("0", CultureInfo.InvariantCulture)),
                candidate.Subgroup,
                candidate.Prompt,
                candidate.Seed,
                DecisionsCsv.Number(decision.Reward),
                candidate.ModelDigest,
            ]);
        }
        csv.Flush();
    }
}
