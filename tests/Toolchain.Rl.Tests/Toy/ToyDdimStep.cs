using static TorchSharp.torch;

namespace Toolchain.Rl.Tests.Toy;

/// <summary>
/// The DDPO DDIM step (eps-prediction) for the toy policy, written from REFERENCE.md:
/// x0 = (x_t - sqrt(1-a_t) eps) / sqrt(a_t); var = (1-a_prev)/(1-a_t) (1 - a_t/a_prev); std = eta sqrt(var);
/// mean = sqrt(a_prev) x0 + sqrt(1 - a_prev - std^2) eps; log p averaged over non-batch dims.
/// The engine's real scheduler lives in Toolchain.Diffusion.
/// </summary>
public sealed class ToyDdimStep
{
    private const int TrainTimesteps = 1000;
    private readonly Tensor alphasCumprod;

    public ToyDdimStep(int steps, double eta)
    {
        Steps = steps;
        Eta = eta;
        // Stable Diffusion's scaled-linear betas.
        var betas = linspace(Math.Sqrt(0.00085), Math.Sqrt(0.012), TrainTimesteps, dtype: ScalarType.Float64).square();
        alphasCumprod = (1.0 - betas).cumprod(0).to_type(ScalarType.Float32).DetachFromDisposeScope();
        // "leading" spacing with offset 1, as SD's scheduler config gives: 901, 801, ..., 1 for 10 steps.
        Timesteps = Enumerable.Range(0, steps).Select(i => (long)((steps - 1 - i) * (TrainTimesteps / steps) + 1)).ToArray();
    }

    public int Steps { get; }

    public double Eta { get; }

    public long[] Timesteps { get; }

    public Tensor AlphaAt(Tensor timesteps) => alphasCumprod.index_select(0, timesteps);

    /// <returns>Mean (B, D) and std (B).</returns>
    public (Tensor Mean, Tensor Std) Step(Tensor eps, Tensor latents, Tensor timesteps)
    {
        var previous = (timesteps - TrainTimesteps / Steps).clamp(0, TrainTimesteps - 1);
        var alpha = AlphaAt(timesteps).unsqueeze(1);
        var alphaPrev = AlphaAt(previous).unsqueeze(1);
        var x0 = (latents - (1 - alpha).sqrt() * eps) / alpha.sqrt();
        var variance = (1 - alphaPrev) / (1 - alpha) * (1 - alpha / alphaPrev);
        var std = Eta * variance.sqrt();
        var mean = alphaPrev.sqrt() * x0 + (1 - alphaPrev - std.square()).sqrt() * eps;
        return (mean, std.squeeze(1));
    }

    public static Tensor LogProb(Tensor next, Tensor mean, Tensor std)
    {
        var s = std.unsqueeze(1);
        var logp = -(next.detach() - mean).square() / (2 * s.square()) - s.log() - Math.Log(Math.Sqrt(2 * Math.PI));
        return logp.mean(new long[] { 1 });
    }
}
