namespace Toolchain.Rl.Training;

/// <summary>
/// DDPO training settings. Defaults follow kvablack/ddpo-pytorch's base config except where RL4Med's
/// values are noted. Sampling settings (steps, eta, guidance) belong to the policy.
/// </summary>
public sealed record DdpoOptions
{
    /// <summary>Trajectories drawn per epoch (RL4Med: 256).</summary>
    public int SamplesPerEpoch { get; init; } = 256;

    /// <summary>Trajectories per <see cref="Policy.IDiffusionPolicy.Sample"/> call.</summary>
    public int SampleBatchSize { get; init; } = 8;

    /// <summary>Transitions per forward/backward in training.</summary>
    public int TrainBatchSize { get; init; } = 8;

    /// <summary>Optimizer steps per inner epoch (RL4Med: 2); gradients accumulate over the samples in between.</summary>
    public int UpdatesPerEpoch { get; init; } = 2;

    public int InnerEpochs { get; init; } = 1;

    /// <summary>Share of each trajectory's timesteps trained (a random subset per sample); int(T * fraction) steps.</summary>
    public double TimestepFraction { get; init; } = 1.0;

    /// <summary>PPO clip range on the probability ratio.</summary>
    public double ClipRange { get; init; } = 1e-4;

    /// <summary>Advantages are clamped to +-this (reference 5, RL4Med 10).</summary>
    public double AdvantageClipMax { get; init; } = 5;

    public double LearningRate { get; init; } = 3e-4;

    public double WeightDecay { get; init; } = 1e-4;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double AdamEpsilon { get; init; } = 1e-8;

    public double MaxGradNorm { get; init; } = 1.0;

    public AdvantageEstimator Advantage { get; init; } = AdvantageEstimator.PerPromptTracker;

    public int TrackerBufferSize { get; init; } = 32;

    public int TrackerMinCount { get; init; } = 16;

    /// <summary>GRPO group size G: each drawn prompt is sampled G times in the epoch.</summary>
    public int GroupSize { get; init; } = 1;

    /// <summary>Weight of the per-step KL to the reference model (adapters disabled); 0 turns it off.</summary>
    public double KlBeta { get; init; }

    public EarlyStoppingOptions? EarlyStopping { get; init; }

    /// <summary>Base seed; each epoch's generator is derived from (seed, epoch).</summary>
    public ulong Seed { get; init; }

    /// <summary>Number of timesteps trained per sample for a trajectory of <paramref name="steps"/> steps.</summary>
    public int TrainedTimesteps(int steps) => (int)(steps * TimestepFraction);

    /// <summary>Throws <see cref="RefineSettingsError"/> naming the first inconsistent setting.</summary>
    public void Validate()
    {
        Positive(SamplesPerEpoch, "samples_per_epoch");
        Positive(SampleBatchSize, "sample_batch_size");
        Positive(TrainBatchSize, "train_batch_size");
        Positive(UpdatesPerEpoch, "updates_per_epoch");
        Positive(InnerEpochs, "inner_epochs");
        if (SamplesPerEpoch % SampleBatchSize != 0)
        {
            throw new RefineSettingsError("samples_per_epoch", $"{SamplesPerEpoch} is not a multiple of sample_batch_size {SampleBatchSize}");
        }
        if (SamplesPerEpoch % (TrainBatchSize * UpdatesPerEpoch) != 0)
        {
            throw new RefineSettingsError("samples_per_epoch", $"{SamplesPerEpoch} is not a multiple of train_batch_size x updates_per_epoch = {TrainBatchSize * UpdatesPerEpoch}");
        }
        if (!(TimestepFraction > 0 && TimestepFraction <= 1))
        {
            throw new RefineSettingsError("timestep_fraction", $"{TimestepFraction} must be in (0, 1]");
        }
        PositiveFinite(ClipRange, "clip_range");
        PositiveFinite(AdvantageClipMax, "adv_clip_max");
        PositiveFinite(LearningRate, "learning_rate");
        PositiveFinite(MaxGradNorm, "max_grad_norm");
        PositiveFinite(AdamEpsilon, "adam_epsilon");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
        {
            throw new RefineSettingsError("weight_decay", $"{WeightDecay} must be finite and >= 0");
        }
        if (!(Beta1 >= 0 && Beta1 < 1) || !(Beta2 >= 0 && Beta2 < 1))
        {
            throw new RefineSettingsError("adam_betas", $"({Beta1}, {Beta2}) must lie in [0, 1)");
        }
        if (!(KlBeta >= 0) || double.IsInfinity(KlBeta))
        {
            throw new RefineSettingsError("kl_beta", $"{KlBeta} must be finite and >= 0");
        }
        if (Advantage == AdvantageEstimator.PerPromptTracker)
        {
            if (TrackerBufferSize < 1 || TrackerMinCount < 0 || TrackerMinCount > TrackerBufferSize)
            {
                throw new RefineSettingsError("stat_tracking", $"buffer_size {TrackerBufferSize} must be >= 1 and min_count {TrackerMinCount} between 0 and it");
            }
            if (GroupSize != 1)
            {
                throw new RefineSettingsError("group_size", "groups need advantage = group_relative");
            }
        }
        else
        {
            if (GroupSize < 2)
            {
                throw new RefineSettingsError("group_size", $"{GroupSize}: group-relative advantages need at least 2 samples per prompt");
            }
            if (SamplesPerEpoch % GroupSize != 0)
            {
                throw new RefineSettingsError("group_size", $"samples_per_epoch {SamplesPerEpoch} is not a multiple of the group size {GroupSize}");
            }
        }
        if (EarlyStopping is { } stopping)
        {
            Positive(stopping.Patience, "early_stopping.patience");
            if (!(stopping.MinDelta >= 0) || double.IsInfinity(stopping.MinDelta))
            {
                throw new RefineSettingsError("early_stopping.min_delta", $"{stopping.MinDelta} must be finite and >= 0");
            }
        }
    }

    private static void Positive(int value, string name)
    {
        if (value < 1)
        {
            throw new RefineSettingsError(name, $"{value} must be at least 1");
        }
    }

    private static void PositiveFinite(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new RefineSettingsError(name, $"{value} must be positive and finite");
        }
    }
}
