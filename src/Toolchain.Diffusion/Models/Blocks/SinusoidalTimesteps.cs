using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Blocks;

/// <summary>
/// The sinusoidal timestep features of diffusers' <c>Timesteps</c>/<c>get_timestep_embedding</c>
/// (parameter-free): frequencies exp(-ln(10000) i / (half - shift)), sin then cos, optionally flipped.
/// </summary>
public sealed class SinusoidalTimesteps(long channels, bool flipSinToCos, double freqShift)
{
    private const double MaxPeriod = 10000.0;

    public long Channels { get; } = channels;

    /// <summary>Timesteps of shape (batch) in any numeric dtype; returns (batch, channels) float32.</summary>
    public Tensor Embed(Tensor timesteps)
    {
        if (timesteps.dim() != 1)
        {
            throw new ArgumentException($"timesteps must be 1-D, got shape [{string.Join(", ", timesteps.shape)}]");
        }
        long half = Channels / 2;
        using var scope = NewDisposeScope();
        var exponent = arange(0, half, dtype: ScalarType.Float32, device: timesteps.device) * (-Math.Log(MaxPeriod));
        var frequencies = (exponent / (half - freqShift)).exp();
        var angles = timesteps.to_type(ScalarType.Float32).unsqueeze(1) * frequencies.unsqueeze(0);
        var embedding = flipSinToCos
            ? cat([angles.cos(), angles.sin()], dim: -1)
            : cat([angles.sin(), angles.cos()], dim: -1);
        if (Channels % 2 == 1)
        {
            embedding = nn.functional.pad(embedding, [0, 1, 0, 0]);
        }
        return embedding.MoveToOuterDisposeScope();
    }
}
