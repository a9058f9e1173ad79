using static TorchSharp.torch;

namespace Toolchain.Diffusion.Sampling;

/// <summary>The final latents (B, C, H, W) of a sampling run and, when requested, its trajectory.</summary>
public sealed class SamplingResult : IDisposable
{
    public SamplingResult(Tensor finalLatents, SamplingTrajectory? trajectory)
    {
        FinalLatents = finalLatents;
        Trajectory = trajectory;
    }

    public Tensor FinalLatents { get; }

    public SamplingTrajectory? Trajectory { get; }

    public void Dispose()
    {
        FinalLatents.Dispose();
        Trajectory?.Dispose();
    }
}
