using static TorchSharp.torch;

namespace Toolchain.Diffusion.Sampling;

/// <summary>
/// Classifier-free guidance as diffusers' Stable Diffusion pipeline does it: one network call on the batch
/// [unconditional; conditional] (unconditional half first), then eps = eps_u + w (eps_c - eps_u).
/// With w &lt;= 1 diffusers skips the unconditional half, and so does this.
/// Shared by the sampler and by DDPO training, which must recompute the same guided prediction.
/// </summary>
public static class ClassifierFreeGuidance
{
    public static bool IsGuided(double guidanceScale) => guidanceScale > 1.0;

    /// <param name="predictNoise">(sample, timesteps (N) int64, encoder hidden states) -> noise prediction.</param>
    /// <param name="latents">(B, C, H, W) current latents.</param>
    /// <param name="timesteps">A scalar or one timestep per sample (B).</param>
    public static Tensor PredictNoise(
        Func<Tensor, Tensor, Tensor, Tensor> predictNoise,
        Tensor latents,
        Tensor timesteps,
        Tensor condEmbeddings,
        Tensor? uncondEmbeddings,
        double guidanceScale)
    {
        long batch = latents.shape[0];
        if (condEmbeddings.shape[0] != batch)
        {
            throw new ArgumentException($"conditional embeddings have batch {condEmbeddings.shape[0]}, latents {batch}");
        }
        using var scope = NewDisposeScope();
        var perSample = timesteps.dim() == 0 ? timesteps.to(ScalarType.Int64).expand(batch) : timesteps.to(ScalarType.Int64);
        if (!IsGuided(guidanceScale))
        {
            return predictNoise(latents, perSample.contiguous(), condEmbeddings).MoveToOuterDisposeScope();
        }
        if (uncondEmbeddings is null)
        {
            throw new ArgumentException($"guidance scale {guidanceScale} > 1 needs unconditional embeddings", nameof(uncondEmbeddings));
        }
        if (!uncondEmbeddings.shape.SequenceEqual(condEmbeddings.shape))
        {
            throw new ArgumentException($"unconditional embeddings [{string.Join(", ", uncondEmbeddings.shape)}] and conditional [{string.Join(", ", condEmbeddings.shape)}] differ in shape");
        }
        var doubled = cat([latents, latents], 0);
        var steps = cat([perSample, perSample], 0);
        var context = cat([uncondEmbeddings, condEmbeddings], 0);
        var both = predictNoise(doubled, steps, context);
        var halves = both.chunk(2, 0);
        var guided = halves[0] + guidanceScale * (halves[1] - halves[0]);
        return guided.MoveToOuterDisposeScope();
    }
}
