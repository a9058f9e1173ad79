namespace Toolchain.Rl.Diagnostics;

/// <summary>The policy gradient that one denoising step contributes, measured on a batch of sampled trajectories.</summary>
/// <param name="Timestep">The scheduler timestep of the step.</param>
/// <param name="Adapted">Whether the trainable parameters act at this step; steps where they do not have no gradient.</param>
/// <param name="GradientNorm">Norm of the step's advantage-weighted log-probability gradient over all samples (0 when not adapted).</param>
/// <param name="Share">The step's share of the summed squared norms: how much of an update's direction it decides (0 when no step has a gradient).</param>
/// <param name="SplitHalfCosine">
/// Cosine between the gradients of two disjoint halves of the samples: near 1 when the step carries a direction the
/// reward consistently asks for, near 0 when its gradient is sampling noise (NaN when not adapted).
/// </param>
public sealed record StepGradient(long Timestep, bool Adapted, double GradientNorm, double Share, double SplitHalfCosine);
