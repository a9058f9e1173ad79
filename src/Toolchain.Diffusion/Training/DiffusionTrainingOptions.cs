namespace Toolchain.Diffusion.Training;

/// <summary>How the learning rate moves after the warm-up.</summary>
public enum LearningRateSchedule
{
    Constant,

    /// <summary>Half a cosine from the peak to 0 over the steps after the warm-up (diffusers' get_cosine_schedule_with_warmup).</summary>
    Cosine,
}

/// <summary>
/// Settings of supervised diffusion training (diffusers' train_text_to_image recipe): AdamW with a linear
/// warm-up and an optional cosine decay, gradient-norm clipping, classifier-free-guidance training by replacing
/// a share of the prompts with the empty prompt, random horizontal flips, optional min-SNR loss weighting and an
/// exponential moving average of the weights.
/// </summary>
/// <param name="TrainTextEncoder">Train the text encoder jointly (a model from scratch must learn its text embeddings).</param>
/// <param name="PromptDropout">Probability that a training prompt is replaced by "" (the unconditional prompt guidance uses).</param>
/// <param name="TotalSteps">Optimizer steps the run will take; the cosine schedule decays over them (unused when constant).</param>
/// <param name="SnrGamma">Min-SNR-gamma weighting of each sample's loss, or null for plain MSE.</param>
/// <param name="EmaMaxDecay">Keep an EMA of the trained weights with this maximum decay, or null for none.</param>
/// <param name="NoiseOffset">Std of a per-image, per-channel constant added to the training noise (diffusers' --noise_offset), or 0.</param>
/// <param name="TrainTokenEmbedding">With <paramref name="TrainTextEncoder"/>: train the token table too, or keep it as initialised.</param>
public sealed record DiffusionTrainingOptions(
    double LearningRate,
    int WarmupSteps = 0,
    double WeightDecay = 1e-2,
    double MaxGradNorm = 1.0,
    double PromptDropout = 0.1,
    bool RandomFlip = true,
    bool TrainTextEncoder = false,
    LearningRateSchedule Schedule = LearningRateSchedule.Constant,
    long TotalSteps = 0,
    double? SnrGamma = null,
    double? EmaMaxDecay = null,
    bool TrainTokenEmbedding = true,
    double NoiseOffset = 0)
{
    public void Validate()
    {
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), "learning rate must be positive");
        if (WarmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(WarmupSteps), "warm-up steps must be >= 0");
        if (!(PromptDropout >= 0 && PromptDropout < 1)) throw new ArgumentOutOfRangeException(nameof(PromptDropout), "prompt dropout must be in [0, 1)");
        if (!(MaxGradNorm > 0)) throw new ArgumentOutOfRangeException(nameof(MaxGradNorm), "max grad norm must be positive");
        if (Schedule == LearningRateSchedule.Cosine && TotalSteps <= WarmupSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(TotalSteps), $"a cosine schedule needs more steps ({TotalSteps}) than the warm-up ({WarmupSteps})");
        }
        if (SnrGamma is { } gamma && !(gamma > 0)) throw new ArgumentOutOfRangeException(nameof(SnrGamma), "snr gamma must be positive");
        if (!(NoiseOffset >= 0)) throw new ArgumentOutOfRangeException(nameof(NoiseOffset), "noise offset must be >= 0");
        if (EmaMaxDecay is { } decay && !(decay >= 0 && decay < 1)) throw new ArgumentOutOfRangeException(nameof(EmaMaxDecay), "EMA decay must be in [0, 1)");
    }

    /// <summary>The learning rate of optimizer step <paramref name="step"/> (0-based): linear warm-up, then constant or cosine.</summary>
    public double LearningRateAt(long step)
    {
        if (step < WarmupSteps)
        {
            return LearningRate * (step + 1) / WarmupSteps;
        }
        if (Schedule == LearningRateSchedule.Constant)
        {
            return LearningRate;
        }
        double progress = Math.Min(1.0, (step - WarmupSteps) / (double)(TotalSteps - WarmupSteps));
        return LearningRate * 0.5 * (1.0 + Math.Cos(Math.PI * progress));
    }
}
