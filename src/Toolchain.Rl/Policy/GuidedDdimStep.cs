using Toolchain.Diffusion.Sampling;
using Toolchain.Diffusion.Schedulers;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Rl.Policy;

/// <summary>
/// The policy's single step x_t -&gt; x_prev: the classifier-free-guided noise prediction followed by the
/// DDIM step with eta. Sampling draws x_prev from it and training re-scores recorded x_prev with it, so the
/// recorded and recomputed log-probabilities come from one computation and the PPO ratio starts at 1.
/// </summary>
public sealed class GuidedDdimStep
{
    private readonly DdimScheduler scheduler;
    private readonly Func<Tensor, Tensor, Tensor, Tensor> predictNoise;

    /// <param name="schedule">The noise schedule the model was trained with.</param>
    /// <param name="predictNoise">(sample, timesteps (N) int64, encoder hidden states) -&gt; noise prediction.</param>
    public GuidedDdimStep(NoiseScheduleConfig schedule, Func<Tensor, Tensor, Tensor, Tensor> predictNoise, DdimPolicySettings settings)
    {
        settings.Validate();
        Settings = settings;
        this.predictNoise = predictNoise;
        scheduler = new DdimScheduler(schedule);
        scheduler.SetTimesteps(settings.NumSteps);
    }

    public DdimPolicySettings Settings { get; }

    /// <summary>The sampling timesteps, highest first.</summary>
    public IReadOnlyList<long> Timesteps => scheduler.Timesteps;

    /// <summary>
    /// One guided step. With <paramref name="prevSample"/> null, x_prev is drawn from <paramref name="generator"/>;
    /// otherwise that transition is evaluated. The log-probability (B) is averaged over the non-batch dims.
    /// </summary>
    /// <param name="latents">(B, C, H, W) x_t.</param>
    /// <param name="timesteps">(B) int64, one timestep per row.</param>
    /// <param name="cond">(B, L, D) prompt embeddings.</param>
    /// <param name="uncond">(B, L, D) empty-prompt embeddings (needed when the guidance scale is above 1).</param>
    public DdimStepOutput Step(Tensor latents, Tensor timesteps, Tensor cond, Tensor? uncond, Generator? generator, Tensor? prevSample)
    {
        using var scope = NewDisposeScope();
        var eps = ClassifierFreeGuidance.PredictNoise(predictNoise, latents, timesteps, cond, uncond, Settings.GuidanceScale);
        var step = scheduler.Step(eps, timesteps, latents, Settings.Eta, generator, prevSample);
        step.PrevSample.MoveToOuterDisposeScope();
        step.PredictedOriginalSample.MoveToOuterDisposeScope();
        step.PrevSampleMean.MoveToOuterDisposeScope();
        step.StdDev.MoveToOuterDisposeScope();
        step.LogProb!.MoveToOuterDisposeScope();
        return step;
    }
}
