namespace Toolchain.Evaluation.Plots;

/// <summary>
/// One arm of a grouped bar chart (e.g. "real + synthetic"): a value per category and, optionally,
/// a symmetric error half-width per category (e.g. the standard deviation over seeds).
/// </summary>
public sealed record BarGroup(string Name, IReadOnlyList<double> Values, IReadOnlyList<double>? Errors = null);
