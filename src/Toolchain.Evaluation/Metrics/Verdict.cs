namespace Toolchain.Evaluation.Metrics;

/// <summary>A plain-language reading of a confidence interval of (treatment - baseline).</summary>
public enum Verdict
{
    Helped,
    NoDetectableEffect,
    Hurt,
}

public static class VerdictRules
{
    public static Verdict From(PairedBootstrap.Interval interval) =>
        interval.Lower > 0 ? Verdict.Helped : interval.Upper < 0 ? Verdict.Hurt : Verdict.NoDetectableEffect;

    public static string Describe(Verdict verdict) => verdict switch
    {
        Verdict.Helped => "helped",
        Verdict.Hurt => "hurt",
        _ => "no detectable effect",
    };
}
