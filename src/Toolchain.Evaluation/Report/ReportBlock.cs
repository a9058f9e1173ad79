using Toolchain.Evaluation.Metrics;
using Toolchain.Evaluation.Plots;

namespace Toolchain.Evaluation.Report;

/// <summary>One piece of content inside a section. The set of kinds is closed: the renderer handles each.</summary>
public abstract record ReportBlock;

/// <summary>A paragraph of plain text.</summary>
public sealed record Paragraph(string Text) : ReportBlock;

public enum NoteKind
{
    Info,
    Warning,
}

/// <summary>A boxed remark, e.g. "Frechet distance on judge features, not FID: no Inception weights were supplied".</summary>
public sealed record Note(string Text, NoteKind Kind = NoteKind.Info) : ReportBlock;

/// <summary>Two-column facts: the spec summary, provenance (upstream digests, versions, seeds, environment).</summary>
public sealed record KeyValueTable(string? Caption, IReadOnlyList<KeyValuePair<string, string>> Entries) : ReportBlock;

/// <summary>A chart or other PNG with a caption.</summary>
public sealed record Figure(byte[] Png, string Caption) : ReportBlock;

/// <summary>A grid of samples (see <see cref="ImageGrid"/>); shown at its own pixel size so it stays crisp.</summary>
public sealed record ImageGridFigure(byte[] Png, string Caption) : ReportBlock;

/// <summary>One plain-language reading per subject, e.g. per subgroup: did synthetic data help?</summary>
public sealed record VerdictList(string? Caption, IReadOnlyList<VerdictLine> Lines) : ReportBlock;

/// <summary><paramref name="Detail"/> carries the numbers behind the verdict, e.g. the difference and its interval.</summary>
public sealed record VerdictLine(string Subject, Verdict Verdict, string Detail);

/// <summary>
/// Generated images closest to a training image, closest first, each beside that training image.
/// Cases with a distance below <paramref name="Threshold"/> (when given) are flagged as likely memorised.
/// </summary>
public sealed record MemorisationCases(
    string? Caption,
    IReadOnlyList<MemorisationCase> Cases,
    double? Threshold = null,
    int Scale = 3) : ReportBlock;

public sealed record MemorisationCase(
    RgbImage Generated,
    RgbImage NearestTraining,
    double Distance,
    string GeneratedLabel,
    string TrainingLabel);
