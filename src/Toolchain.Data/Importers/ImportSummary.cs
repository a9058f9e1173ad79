using System.Globalization;
using System.Text;
using Toolchain.Data.Canonical;

namespace Toolchain.Data.Importers;

/// <summary>What an import did: rows read, imported and skipped (by reason), and label counts per split.</summary>
public sealed record ImportSummary
{
    public required string Format { get; init; }
    public required int RowsRead { get; init; }
    public required int Imported { get; init; }

    /// <summary>Rows left out (a row with two problems counts once).</summary>
    public required int SkippedRows { get; init; }

    /// <summary>Problems by reason text, in <see cref="DataProblemKind"/> order.</summary>
    public required IReadOnlyList<KeyValuePair<string, int>> ProblemsByReason { get; init; }

    /// <summary>Imported records per split, in <see cref="SplitNames.All"/> order.</summary>
    public required IReadOnlyList<KeyValuePair<string, int>> SplitCounts { get; init; }

    /// <summary>Imported records per diagnosis code, in <see cref="DiagnosisCodes.All"/> order (codes present only).</summary>
    public required IReadOnlyList<KeyValuePair<string, int>> DiagnosisCounts { get; init; }

    /// <summary>Positive / annotated counts per binary label, for labels the source annotates.</summary>
    public required IReadOnlyList<(string Label, int Positive, int Annotated)> LabelCounts { get; init; }

    public static ImportSummary Create(string format, int rowsRead, IReadOnlyList<CanonicalRecord> records, IReadOnlyList<DataProblem> problems) => new()
    {
        Format = format,
        RowsRead = rowsRead,
        Imported = records.Count,
        SkippedRows = problems.Where(p => p.Line > 0).Select(p => p.Location).Distinct().Count(),
        ProblemsByReason = problems.GroupBy(p => p.Kind).OrderBy(g => g.Key)
            .Select(g => KeyValuePair.Create(g.Key.Reason(), g.Count())).ToList(),
        SplitCounts = SplitNames.All.Select(s => KeyValuePair.Create(s, records.Count(r => r.Split == s))).ToList(),
        DiagnosisCounts = DiagnosisCodes.All.Select(d => KeyValuePair.Create(d, records.Count(r => r.Diagnosis == d)))
            .Where(kv => kv.Value > 0).ToList(),
        LabelCounts = BinaryLabels.All
            .Select(l => (l, records.Count(r => r.Labels.Get(l) == true), records.Count(r => r.Labels.Get(l) is not null)))
            .Where(c => c.Item3 > 0).ToList(),
    };

    /// <summary>Plain-text rendering, stable for snapshots.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');
        Line($"format: {Format}");
        Line(Invariant($"rows read: {RowsRead}"));
        Line(Invariant($"imported: {Imported}"));
        Line(Invariant($"skipped rows: {SkippedRows}"));
        foreach (var (reason, count) in ProblemsByReason)
        {
            Line(Invariant($"  {reason}: {count}"));
        }
        Line("splits: " + string.Join(", ", SplitCounts.Select(kv => Invariant($"{kv.Key} {kv.Value}"))));
        Line("diagnoses: " + string.Join(", ", DiagnosisCounts.Select(kv => Invariant($"{kv.Key} {kv.Value}"))));
        if (LabelCounts.Count > 0)
        {
            Line("labels (positive/annotated): " + string.Join(", ", LabelCounts.Select(c => Invariant($"{c.Label} {c.Positive}/{c.Annotated}"))));
        }
        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
