namespace Toolchain.Rl.Diagnostics;

/// <summary>
/// Where a policy's gradient comes from, step by step, before any update (see <see cref="GradientProfiler"/>).
/// </summary>
/// <param name="Steps">One entry per denoising step, in sampling order.</param>
/// <param name="SplitHalfCosine">The split-half cosine of the gradient summed over the adapted steps: what one update with every step trained follows.</param>
/// <param name="Samples">Trajectories sampled.</param>
/// <param name="RewardMean">Their mean reward.</param>
public sealed record GradientProfile(IReadOnlyList<StepGradient> Steps, double SplitHalfCosine, int Samples, double RewardMean)
{
    /// <summary>The adapted step with the largest share; null when the adapters act at no step.</summary>
    public StepGradient? Dominant => Steps.Where(s => s.Adapted).MaxBy(s => s.Share);
}
