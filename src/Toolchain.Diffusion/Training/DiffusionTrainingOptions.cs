namespace Toolchain.Diffusion.Training;

/// <summary>
/// Settings of supervised diffusion training (diffusers' train_text_to_image recipe): AdamW with a linear
/// warm-up, gradient-norm clipping, classifier-free-guidance training by replacing a share of the prompts
/// with the empty prompt, random horizontal flips.
/// </summary>
/// <param name="TrainTextEncoder">Train the text encoder jointly (a model from scratch must learn its text embeddings).</param>
/// <param name="PromptDropout">Probability that a training prompt is replaced by "" (the unconditional prompt guidance uses).</param>
public sealed record DiffusionTrainingOptions(
    double LearningRate,
    int WarmupSteps = 0,
    double WeightDecay = 1e-2,
    double MaxGradNorm = 1.0,
    double PromptDropout = 0.1,
    bool RandomFlip = true,
    bool TrainTextEncoder = false)
{
    public void Validate()
    {
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), "learning rate must be positive");
        if (WarmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(WarmupSteps), "warm-up steps must be >= 0");
        if (!(PromptDropout >= 0 && PromptDropout < 1)) throw new ArgumentOutOfRangeException(nameof(PromptDropout), "prompt dropout must be in [0, 1)");
        if (!(MaxGradNorm > 0)) throw new ArgumentOutOfRangeException(nameof(MaxGradNorm), "max grad norm must be positive");
    }

    /// <summary>The learning rate of optimizer step <paramref name="step"/> (0-based): linear warm-up, then constant.</summary>
    public double LearningRateAt(long step) =>
        WarmupSteps == 0 ? LearningRate : LearningRate * Math.Min(1.0, (step + 1) / (double)WarmupSteps);
}
