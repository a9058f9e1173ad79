namespace Toolchain.Evaluation.ImageQuality;

/// <summary>One arm's metrics overall, per prompt and per subgroup, plus (generated arms only) memorisation.</summary>
public sealed record ArmMetrics(
    string Arm,
    SliceMetrics Overall,
    IReadOnlyList<(string Prompt, SliceMetrics Metrics)> PerPrompt,
    IReadOnlyList<(string Subgroup, SliceMetrics Metrics)> PerSubgroup,
    MemorisationSummary? Memorisation);
