using Toolchain.Core;
using Toolchain.Data.Importers;

namespace Toolchain.Stages.Filter;

/// <summary>One generated image as sample's <c>samples.csv</c> lists it; <see cref="Index"/> is its row order.</summary>
public sealed record SampleCandidate(int Index, string FileName, string Subgroup, string Prompt, string Seed, string ModelDigest);

/// <summary>Reads sample's <c>samples.csv</c> (file_name, subgroup, prompt, seed, model_digest, then any generation settings).</summary>
public static class SampleCandidates
{
    public const string FileName = "samples.csv";

    public static readonly IReadOnlyList<string> RequiredColumns = ["file_name", "subgroup", "prompt", "seed", "model_digest"];

    public static IReadOnlyList<SampleCandidate> Read(string sampleOutputs)
    {
        var path = Path.Combine(sampleOutputs, FileName);
        if (!File.Exists(path))
        {
            throw new ToolchainError($"sample's outputs have no {FileName} ({path})");
        }
        var log = new ProblemLog();
        var table = CsvTable.Load(path, path, RequiredColumns, log);
        if (table is null || log.Count > 0)
        {
            throw new ToolchainError($"{path} is invalid:\n  {string.Join("\n  ", log.Sorted().Select(p => p.ToString()))}");
        }
        var candidates = new List<SampleCandidate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            int line = row.Line;
            var candidate = new SampleCandidate(candidates.Count, row["file_name"], row["subgroup"], row["prompt"], row["seed"], row["model_digest"]);
            if (candidate.FileName.Length == 0 || candidate.FileName.StartsWith('/') || candidate.FileName.Split('/').Contains(".."))
            {
                throw new ToolchainError($"{path}:{line}: file_name '{candidate.FileName}' is not a relative path inside sample's outputs");
            }
            if (!seen.Add(candidate.FileName))
            {
                throw new ToolchainError($"{path}:{line}: file_name '{candidate.FileName}' is listed twice");
            }
            if (candidate.Subgroup.Length == 0 || candidate.Prompt.Length == 0)
            {
                throw new ToolchainError($"{path}:{line}: subgroup and prompt must not be empty");
            }
            if (!File.Exists(PathOf(sampleOutputs, candidate)))
            {
                throw new ToolchainError($"{path}:{line}: image '{candidate.FileName}' does not exist");
            }
            candidates.Add(candidate);
        }
        return candidates;
    }

    public static string PathOf(string sampleOutputs, SampleCandidate candidate) =>
        Path.Combine(sampleOutputs, candidate.FileName.Replace('/', Path.DirectorySeparatorChar));
}
