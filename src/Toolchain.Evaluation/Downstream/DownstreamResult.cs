namespace Toolchain.Evaluation.Downstream;

/// <summary>Everything the downstream study measured: every run, each arm's summary, and the comparisons.</summary>
public sealed record DownstreamResult(
    IReadOnlyList<string> Classes,
    DownstreamOptions Options,
    int Steps,
    int TestImages,
    IReadOnlyList<DownstreamRun> Runs,
    ArmSummary RealOnly,
    ArmSummary RealPlusSynthetic,
    SubgroupComparison Overall,
    IReadOnlyList<SubgroupComparison> Subgroups)
{
    public const string RealOnlyArm = "real_only";
    public const string RealPlusSyntheticArm = "real_plus_synthetic";
}
