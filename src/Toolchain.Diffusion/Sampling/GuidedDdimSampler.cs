using TorchSharp;
using Toolchain.Diffusion.Schedulers;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Sampling;

/// <summary>
/// The Stable Diffusion sampling loop (diffusers StableDiffusionPipeline with DDIM): latents = noise * init
/// sigma, then per timestep a classifier-free-guided noise prediction and a DDIM step. The network is any
/// delegate (sample, timesteps (N) int64, encoder hidden states) -> noise, so the loop does not depend on a
/// particular UNet class. Runs without autograd; every step lives in its own dispose scope and only the
/// returned tensors survive.
/// </summary>
public sealed class GuidedDdimSampler
{
    private readonly DdimScheduler scheduler;
    private readonly Func<Tensor, Tensor, Tensor, Tensor> predictNoise;

    public GuidedDdimSampler(DdimScheduler scheduler, Func<Tensor, Tensor, Tensor, Tensor> predictNoise)
    {
        this.scheduler = scheduler;
        this.predictNoise = predictNoise;
    }

    public DdimScheduler Scheduler => scheduler;

    /// <param name="initialNoise">(B, C, H, W) standard normal noise (drawn by the caller from its seed).</param>
    /// <param name="condEmbeddings">(B, L, D) prompt embeddings.</param>
    /// <param name="uncondEmbeddings">(B, L, D) negative/empty-prompt embeddings; needed when guidance > 1.</param>
    /// <param name="steps">Number of DDIM steps (sets the scheduler's timesteps).</param>
    /// <param name="guidanceScale">Classifier-free guidance scale w.</param>
    /// <param name="eta">DDIM eta: 0 deterministic, 1 the DDPO policy.</param>
    /// <param name="generator">Source of the step noise; required when eta > 0.</param>
    /// <param name="recordTrajectory">Keep every latent, log-prob and timestep (DDPO).</param>
    public SamplingResult Sample(
        Tensor initialNoise,
        Tensor condEmbeddings,
        Tensor? uncondEmbeddings,
        int steps,
        double guidanceScale,
        double eta = 0.0,
        Generator? generator = null,
        bool recordTrajectory = false)
    {
        if (initialNoise.dim() != 4)
        {
            throw new ArgumentException($"initial noise must be (B, C, H, W), got [{string.Join(", ", initialNoise.shape)}]");
        }
        if (eta > 0 && generator is null)
        {
            throw new ArgumentException("stochastic sampling (eta > 0) needs an explicit generator", nameof(generator));
        }
        scheduler.SetTimesteps(steps);
        long batch = initialNoise.shape[0];
        using var outer = NewDisposeScope();
        using var noGrad = no_grad();

        var latents = initialNoise * scheduler.InitNoiseSigma;
        var chain = new List<Tensor> { latents };
        var logProbs = new List<Tensor>();
        foreach (var t in scheduler.Timesteps)
        {
            Tensor next;
            using (var stepScope = NewDisposeScope())
            {
                var timestep = full([batch], t, ScalarType.Int64);
                var eps = ClassifierFreeGuidance.PredictNoise(predictNoise, latents, timestep, condEmbeddings, uncondEmbeddings, guidanceScale);
                var step = scheduler.Step(eps, timestep, latents, eta, generator);
                next = step.PrevSample.MoveToOuterDisposeScope();
                if (recordTrajectory && step.LogProb is not null)
                {
                    logProbs.Add(step.LogProb.MoveToOuterDisposeScope());
                }
            }
            if (recordTrajectory)
            {
                chain.Add(next);
            }
            else
            {
                latents.Dispose();
            }
            latents = next;
        }

        SamplingTrajectory? trajectory = null;
        if (recordTrajectory)
        {
            var timesteps = scheduler.TimestepsTensor().unsqueeze(0).repeat(batch, 1);
            trajectory = new SamplingTrajectory(
                stack(chain, 1).MoveToOuterDisposeScope(),
                logProbs.Count > 0 ? stack(logProbs, 1).MoveToOuterDisposeScope() : null,
                timesteps.MoveToOuterDisposeScope());
        }
        return new SamplingResult(latents.clone().MoveToOuterDisposeScope(), trajectory);
    }
}
