namespace Toolchain.Data.Canonical;

/// <summary>The four splits of the canonical layout. <c>judge</c> is held out for evaluation only.</summary>
public static class SplitNames
{
    public const string Train = "train";
    public const string Val = "val";
    public const string Test = "test";
    public const string Judge = "judge";

    /// <summary>Fixed order used in listings and summaries.</summary>
    public static readonly IReadOnlyList<string> All = [Train, Val, Test, Judge];

    public static bool IsValid(string value) => All.Contains(value, StringComparer.Ordinal);
}
