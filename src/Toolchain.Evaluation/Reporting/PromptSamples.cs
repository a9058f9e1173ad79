using Toolchain.Evaluation.Plots;

namespace Toolchain.Evaluation.Reporting;

/// <summary>A few images of one prompt from each source, for the real vs baseline vs refined grid.</summary>
public sealed record PromptSamples(string Prompt, IReadOnlyList<RgbImage> Real, IReadOnlyList<RgbImage> Baseline, IReadOnlyList<RgbImage> Refined);
