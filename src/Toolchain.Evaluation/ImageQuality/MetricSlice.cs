namespace Toolchain.Evaluation.ImageQuality;

/// <summary>
/// A part of the evaluation to report separately: "overall", one prompt, or one subgroup. Generated images are
/// selected by prompt; the real reference images by index into the reference set.
/// </summary>
public sealed record MetricSlice(string Kind, string Name, IReadOnlySet<string> Prompts, IReadOnlyList<int> ReferenceIndices)
{
    public const string OverallKind = "overall";
    public const string PromptKind = "prompt";
    public const string SubgroupKind = "subgroup";
}
