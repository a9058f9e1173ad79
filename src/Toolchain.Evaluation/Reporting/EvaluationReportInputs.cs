using System.Text.Json.Nodes;
using Toolchain.Evaluation.Downstream;
using Toolchain.Evaluation.Report;

namespace Toolchain.Evaluation.Reporting;

/// <summary>
/// What the evaluation report shows: Evaluate's metrics.json, sample images, memorisation cases, Refine's reward
/// curve and (when Retrain ran) the downstream study, plus the spec summary and provenance lines.
/// </summary>
public sealed record EvaluationReportInputs
{
    public required string Title { get; init; }

    public string? Subtitle { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> SpecSummary { get; init; }

    /// <summary>The parsed metrics.json (see <see cref="ImageQuality.MetricsDocument"/>).</summary>
    public required JsonObject Metrics { get; init; }

    public IReadOnlyList<PromptSamples> Samples { get; init; } = [];

    /// <summary>Closest generated-to-training pairs, closest first.</summary>
    public IReadOnlyList<MemorisationCase> MemorisationCases { get; init; } = [];

    public int GeneratedImages { get; init; }

    public RewardCurve? Rewards { get; init; }

    public DownstreamResult? Downstream { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> InputDigests { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; }
}
