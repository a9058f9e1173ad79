namespace Toolchain.Diffusion.Training;

/// <summary>
/// Where one <see cref="TextToImageTrainer.TrainStep"/> spent its time, in milliseconds: building the noisy
/// batch (flips, dropped prompts, noise, timesteps), the text encoder's forward, the UNet's forward and loss,
/// the backward pass through both, gradient-norm clipping and the optimizer step. Read by the benchmarks.
/// </summary>
public sealed record TrainingStepTimings(double NoisingMs, double TextEncoderMs, double UnetForwardMs, double BackwardMs, double ClipMs, double OptimizerMs)
{
    public double TotalMs => NoisingMs + TextEncoderMs + UnetForwardMs + BackwardMs + ClipMs + OptimizerMs;
}
