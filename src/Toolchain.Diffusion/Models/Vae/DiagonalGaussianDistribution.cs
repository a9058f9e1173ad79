using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Vae;

/// <summary>The VAE posterior: moments split into mean and log-variance, the latter clamped to [-30, 20] as diffusers does.</summary>
public sealed class DiagonalGaussianDistribution
{
    public DiagonalGaussianDistribution(Tensor moments)
    {
        var halves = moments.chunk(2, dim: 1);
        Mean = halves[0];
        LogVar = halves[1].clamp(-30.0, 20.0);
    }

    public Tensor Mean { get; }

    public Tensor LogVar { get; }

    public Tensor Std => (0.5 * LogVar).exp();

    /// <summary>mean + std * eps with eps from the given generator (never an unseeded one).</summary>
    public Tensor Sample(Generator generator) => Mean + Std * randn(Mean.shape, dtype: Mean.dtype, device: Mean.device, generator: generator);
}
