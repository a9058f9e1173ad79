namespace Toolchain.Rl.Pathwise;

/// <summary>
/// Settings of DRaFT-K (Clark et al. 2024; AlignProp is the K = all variant): images are sampled with the
/// deterministic guided sampler, the differentiable reward of each final image is backpropagated through the
/// last <see cref="BackpropSteps"/> denoising steps into the LoRA adapters, one AdamW step per batch.
/// </summary>
public sealed record PathwiseOptions
{
    /// <summary>Images per epoch (reward queries); a multiple of <see cref="BatchSize"/>.</summary>
    public int SamplesPerEpoch { get; init; } = 64;

    /// <summary>Images per optimizer step.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>K: denoising steps at the end of the chain whose graph is kept (DRaFT-1 and DRaFT-K use 1 to a few).</summary>
    public int BackpropSteps { get; init; } = 1;

    public double LearningRate { get; init; } = 1e-3;

    public double WeightDecay { get; init; } = 1e-4;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double AdamEpsilon { get; init; } = 1e-8;

    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>Base seed; each epoch's generator is derived from (seed, epoch).</summary>
    public ulong Seed { get; init; }

    public void Validate()
    {
        if (SamplesPerEpoch < 1 || BatchSize < 1 || SamplesPerEpoch % BatchSize != 0)
        {
            throw new Training.RefineSettingsError("batch_size", $"must divide samples_per_epoch ({SamplesPerEpoch}) (got {BatchSize})");
        }
        if (BackpropSteps < 1)
        {
            throw new Training.RefineSettingsError("pathwise.backprop_steps", $"must be at least 1 (got {BackpropSteps})");
        }
        if (!(LearningRate > 0)) throw new Training.RefineSettingsError("learning_rate", "must be positive");
        if (!(MaxGradNorm > 0)) throw new Training.RefineSettingsError("max_grad_norm", "must be positive");
    }
}
