using static TorchSharp.torch;

namespace Toolchain.Rl.Policy;

/// <summary>
/// Recorded denoising steps x_t -&gt; x_prev to re-score. Samples are shuffled and each sample's steps are
/// shuffled independently, so every row may sit at a different timestep.
/// </summary>
/// <param name="Latents">(B, ...) the latent before the step (x_t).</param>
/// <param name="NextLatents">(B, ...) the latent the sampler produced (x_prev).</param>
/// <param name="Timesteps">(B) int64 scheduler timestep t of each row.</param>
/// <param name="PromptIndices">(B) int64 prompt of each row.</param>
public sealed record TransitionBatch(Tensor Latents, Tensor NextLatents, Tensor Timesteps, Tensor PromptIndices)
{
    public int BatchSize => (int)Latents.shape[0];
}
