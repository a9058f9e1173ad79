using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Rl.Policy;

/// <summary>
/// A guided, stochastic sampler seen as a policy: with DDIM eta &gt; 0 every denoising step is a
/// Gaussian whose mean depends on the (LoRA-adapted) noise predictor, so a trajectory has a
/// log-probability that can be differentiated. This is all the RL code needs from the diffusion engine.
/// </summary>
/// <remarks>
/// Contract for implementers:
/// <list type="bullet">
/// <item>Classifier-free guidance, its scale, eta and the number of steps are fixed when the policy is built;
/// <see cref="Evaluate"/> must recompute guidance with the same scale, so the trained policy is the guided sampler.</item>
/// <item><see cref="Sample"/> draws every random number (initial noise, per-step noise) from the given generator,
/// and the log-probabilities it records must come from the same step computation <see cref="Evaluate"/> uses
/// (so the ratio is exactly 1 before any update).</item>
/// <item>Prompt indices refer to <see cref="Prompts"/>.</item>
/// </list>
/// </remarks>
public interface IDiffusionPolicy
{
    /// <summary>The prompt set; every prompt index in this API is a position in this list.</summary>
    IReadOnlyList<string> Prompts { get; }

    /// <summary>The adapter (LoRA) parameters; nothing else may be trained (full-UNet RL collapses).</summary>
    IReadOnlyList<Parameter> TrainableParameters { get; }

    /// <summary>The denoising timesteps every trajectory visits, in sampling order (those of <see cref="Trajectory.Timesteps"/>).</summary>
    IReadOnlyList<long> Timesteps { get; }

    /// <summary>
    /// Samples one trajectory per prompt index, drawing all noise from <paramref name="generator"/>.
    /// Called under <c>no_grad</c>; the returned tensors belong to the caller's dispose scope.
    /// </summary>
    Trajectory Sample(IReadOnlyList<int> promptIndices, Generator generator);

    /// <summary>
    /// Re-evaluates recorded transitions under the current parameters (guidance recomputed):
    /// the step's Gaussian mean and standard deviation and the log-density of the recorded next latents.
    /// Mean and log-probability carry gradients to <see cref="TrainableParameters"/> unless grad is disabled.
    /// </summary>
    PolicyStep Evaluate(TransitionBatch transitions);

    /// <summary>
    /// Whether the trainable parameters act at this denoising timestep. Steps where they do not (adapters gated
    /// to early timesteps) have log-probabilities independent of the parameters, so training skips them.
    /// </summary>
    bool Adapts(long timestep);

    /// <summary>Until the returned handle is disposed the policy is the reference model (adapters bypassed).</summary>
    IDisposable DisableAdapters();
}
