using Toolchain.Core;
using Toolchain.Data.Canonical;
using Toolchain.Data.Importers;

namespace Toolchain.Stages.Release;

/// <summary>
/// The release's metadata.csv (Hugging Face imagefolder layout: a <c>file_name</c> column relative
/// to the CSV, then one column per fact) built from filter's <c>dataset/metadata.csv</c>: the image's
/// <c>id</c>, <c>diagnosis</c> code and one 0/1 column per spec label, named as in the canonical layout, so
/// <c>toolchain import --format imagefolder</c> and <c>load_dataset("imagefolder")</c> read it as a dataset.
/// Every image in filter's dataset was accepted (the contract: rejected candidates are only in
/// decisions.csv), so the filter decision is "accepted" unless the row itself carries one.
/// </summary>
public sealed class ReleaseMetadata
{
    /// <summary>Columns before the label columns; <see cref="TrailingColumns"/> follow them.</summary>
    public static readonly IReadOnlyList<string> LeadingColumns = ["file_name", "id", "diagnosis"];

    public static readonly IReadOnlyList<string> TrailingColumns = ["subgroup", "prompt", "seed", "reward", "filter_decision", "model_digest"];

    /// <summary>Filter's columns the release needs ("model digest" is spelled model_digest).</summary>
    private static readonly string[] Required = ["file_name", "subgroup", "prompt", "seed", "reward", "model_digest"];

    /// <summary>Filter's non-label columns; every other column of its metadata.csv is a 0/1 label.</summary>
    private static readonly string[] Descriptive = [.. Required, "filter_decision", "decision"];

    private ReleaseMetadata(IReadOnlyList<string> labels, IReadOnlyList<ReleaseImage> images) => (Labels, Images) = (labels, images);

    /// <summary>The label columns, in filter's (the spec's) order.</summary>
    public IReadOnlyList<string> Labels { get; }

    public IReadOnlyList<ReleaseImage> Images { get; }

    public IReadOnlyList<string> Columns => [.. LeadingColumns, .. Labels, .. TrailingColumns];

    /// <summary>Reads filter's dataset folder; every listed image must exist and be a PNG.</summary>
    public static ReleaseMetadata Read(string filterDataset)
    {
        var csv = Path.Combine(filterDataset, "metadata.csv");
        if (!File.Exists(csv))
        {
            throw new ToolchainError($"filter output {csv} not found: the release needs filter's dataset/metadata.csv", exitCode: 1);
        }
        var problems = new ProblemLog();
        var table = CsvTable.Load(csv, "filter/dataset/metadata.csv", Required, problems);
        if (table is null || problems.Count > 0)
        {
            var first = problems.Sorted().Take(5).Select(p => $"line {p.Line}: {p.Detail}");
            throw new ToolchainError($"filter/dataset/metadata.csv cannot be released: {string.Join("; ", first)}", exitCode: 1);
        }

        var labelColumns = table.Header.Where(h => !Descriptive.Contains(h, StringComparer.Ordinal)).ToList();
        var images = new List<ReleaseImage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var file = row["file_name"];
            if (!IsSafeRelativePng(file))
            {
                throw new ToolchainError($"filter/dataset/metadata.csv line {row.Line}: file_name '{file}' is not a relative .png path inside the dataset", exitCode: 1);
            }
            if (!seen.Add(file))
            {
                throw new ToolchainError($"filter/dataset/metadata.csv line {row.Line}: '{file}' is listed twice", exitCode: 1);
            }
            if (!File.Exists(Path.Combine(filterDataset, file)))
            {
                throw new ToolchainError($"filter/dataset/metadata.csv line {row.Line}: image '{file}' does not exist", exitCode: 1);
            }
            var flags = labelColumns.Select(c => row[c]).ToList();
            if (flags.FirstOrDefault(f => f is not ("0" or "1")) is { } bad)
            {
                throw new ToolchainError($"filter/dataset/metadata.csv line {row.Line}: label value '{bad}' is not 0 or 1", exitCode: 1);
            }
            var diagnoses = labelColumns.Where((c, i) => flags[i] == "1" && DiagnosisCodes.IsValid(c)).ToList();
            if (diagnoses.Count != 1)
            {
                throw new ToolchainError($"filter/dataset/metadata.csv line {row.Line}: image '{file}' has {diagnoses.Count} diagnosis labels set ({string.Join(", ", diagnoses)}); a released image needs exactly one", exitCode: 1);
            }
            images.Add(new ReleaseImage(
                file,
                ReleasePath(file),
                diagnoses[0],
                flags,
                row["subgroup"],
                row["prompt"],
                row["seed"],
                row["reward"],
                row.GetOptional("filter_decision") ?? row.GetOptional("decision") ?? "accepted",
                row["model_digest"]));
        }
        // Sorted by release path, so the CSV does not depend on the order filter wrote rows in.
        return new ReleaseMetadata(labelColumns, images.OrderBy(i => i.ReleaseFile, StringComparer.Ordinal).ToList());
    }

    public string ToCsv() => CsvText.Render(Columns, Images.Select(i => (IReadOnlyList<string>)
        [i.ReleaseFile, i.Id, i.Diagnosis, .. i.LabelFlags, i.Subgroup, i.Prompt, i.Seed, i.Reward, i.FilterDecision, i.ModelDigest]));

    /// <summary>Images keep their path under images/ (filter writes images/&lt;subgroup&gt;/&lt;n&gt;.png).</summary>
    private static string ReleasePath(string filterFile) =>
        filterFile.StartsWith(ReleaseLayout.ImagesFolder + "/", StringComparison.Ordinal)
            ? filterFile
            : $"{ReleaseLayout.ImagesFolder}/{filterFile}";

    private static bool IsSafeRelativePng(string path) =>
        path.EndsWith(".png", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWith('/')
        && !path.Contains('\\')
        && path.Split('/').All(s => s.Length > 0 && s != "." && s != "..");
}

/// <summary>One released image and how it was made.</summary>
/// <param name="SourceFile">Path relative to filter's dataset folder.</param>
/// <param name="ReleaseFile">Path relative to the release folder (the metadata's file_name).</param>
/// <param name="Diagnosis">The canonical diagnosis code of the one diagnosis label set.</param>
/// <param name="LabelFlags">"0" or "1" per <see cref="ReleaseMetadata.Labels"/>.</param>
public sealed record ReleaseImage(
    string SourceFile,
    string ReleaseFile,
    string Diagnosis,
    IReadOnlyList<string> LabelFlags,
    string Subgroup,
    string Prompt,
    string Seed,
    string Reward,
    string FilterDecision,
    string ModelDigest)
{
    /// <summary>Unique across the release: the path under images/ without ".png" ("mel-ink-0" for images/mel-ink/0.png).</summary>
    public string Id => CanonicalLayout.ToId(ReleaseFile[(ReleaseLayout.ImagesFolder.Length + 1)..^".png".Length].Replace('/', '-'));
}
