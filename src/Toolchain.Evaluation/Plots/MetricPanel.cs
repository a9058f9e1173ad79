namespace Toolchain.Evaluation.Plots;

/// <summary>
/// One metric compared across the arms of a <see cref="MetricComparison"/> (e.g. Frechet distance for
/// real-vs-real, baseline and refined), on its own scale, with which direction is better.
/// </summary>
public sealed record MetricPanel(
    string Metric,
    bool HigherIsBetter,
    IReadOnlyList<double> Values,
    IReadOnlyList<double>? Errors = null,
    string ValueFormat = "0.000");
