namespace Toolchain.Evaluation.Plots;

/// <summary>One labelled row of an image grid, e.g. a prompt or subgroup and its samples.</summary>
public sealed record ImageGridRow(string Label, IReadOnlyList<RgbImage> Images);
