using static TorchSharp.torch;

namespace Toolchain.Diffusion.Sampling;

/// <summary>
/// The whole denoising chain DDPO trains on: latents (B, T+1, C, H, W) from the initial noise to the final
/// sample, the log-probability of each transition (B, T) (null for deterministic eta = 0 sampling) and the
/// timesteps (B, T) int64 at which each transition started.
/// </summary>
public sealed class SamplingTrajectory : IDisposable
{
    public SamplingTrajectory(Tensor latents, Tensor? logProbs, Tensor timesteps)
    {
        Latents = latents;
        LogProbs = logProbs;
        Timesteps = timesteps;
    }

    public Tensor Latents { get; }

    public Tensor? LogProbs { get; }

    public Tensor Timesteps { get; }

    public void Dispose()
    {
        Latents.Dispose();
        LogProbs?.Dispose();
        Timesteps.Dispose();
    }
}
