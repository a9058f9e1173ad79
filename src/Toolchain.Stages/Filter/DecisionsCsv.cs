using System.Globalization;
using CsvHelper;

namespace Toolchain.Stages.Filter;

/// <summary>decisions.csv: every candidate in sample order with its reward, similarities, decision and reason.</summary>
public static class DecisionsCsv
{
    public const string FileName = "decisions.csv";

    public static void Write(string path, IReadOnlyList<FilterDecision> decisions)
    {
        using var stream = File.Create(path);
        using var csv = CsvWriter.Create(stream, new CsvWriterOptions { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: false);
        csv.WriteHeader(["file_name", "subgroup", "prompt", "seed", "reward", "nearest_train_similarity", "nearest_accepted_similarity", "decision", "reason"]);
        foreach (var d in decisions)
        {
            csv.WriteRecord(
            [
                d.Candidate.FileName,
                d.Candidate.Subgroup,
                d.Candidate.Prompt,
                d.Candidate.Seed,
                Number(d.Reward),
                Number(d.NearestTrainSimilarity),
                d.NearestAcceptedSimilarity is { } s ? Number(s) : "",
                d.Accepted ? "accepted" : "rejected",
                d.Reason.Code(),
            ]);
        }
        csv.Flush();
    }

    public static string Number(double value) => Math.Round(value, 6).ToString("0.######", CultureInfo.InvariantCulture);
}
