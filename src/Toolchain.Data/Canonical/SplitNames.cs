namespace Toolchain.Data.Canonical;

/// <summary>
/// The four splits of the canonical layout. <c>judge</c> is held out for evaluation only. <c>evaluation</c> is not
/// one of them: it marks the procedural evaluation set, which Prepare writes as its own dataset folder.
/// </summary>
public static class SplitNames
{
    public const string Train = "train";
    public const string Val = "val";
    public const string Test = "test";
    public const string Judge = "judge";

    /// <summary>Fixed order used in listings and summaries.</summary>
    public static readonly IReadOnlyList<string> All = [Train, Val, Test, Judge];

    /// <summary>The procedural evaluation set's split (its own folder; never imported, never trained on).</summary>
    public const string Evaluation = "evaluation";

    public static bool IsValid(string value) => All.Contains(value, StringComparer.Ordinal);

    /// <summary>A split a canonical metadata.csv may hold: one of <see cref="All"/> or <see cref="Evaluation"/>.</summary>
    public static bool IsCanonical(string value) => IsValid(value) || value == Evaluation;
}
