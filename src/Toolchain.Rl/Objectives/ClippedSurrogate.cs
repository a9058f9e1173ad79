using static TorchSharp.torch;

namespace Toolchain.Rl.Objectives;

/// <summary>The PPO terms for one trained timestep (all scalars; <see cref="Loss"/> carries the gradient).</summary>
public sealed record SurrogateTerms(Tensor Loss, Tensor ApproxKl, Tensor ClipFraction);

/// <summary>
/// PPO's clipped surrogate as DDPO uses it: ratio = exp(logp_new - logp_old),
/// loss = mean(max(-A ratio, -A clamp(ratio, 1 - eps, 1 + eps))). No value function.
/// Diagnostics: approx_kl = 0.5 mean((logp_new - logp_old)^2), clip fraction = mean(|ratio - 1| &gt; eps).
/// </summary>
public static class ClippedSurrogate
{
    public static SurrogateTerms Compute(Tensor logProbNew, Tensor logProbOld, Tensor advantages, double clipRange)
    {
        if (!(clipRange > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(clipRange), clipRange, "the PPO clip range must be positive");
        }
        var delta = logProbNew - logProbOld;
        var ratio = delta.exp();
        var unclipped = -advantages * ratio;
        var clipped = -advantages * ratio.clamp(1.0 - clipRange, 1.0 + clipRange);
        var loss = maximum(unclipped, clipped).mean();
        using var noGrad = no_grad();
        var approxKl = 0.5 * delta.detach().square().mean();
        var clipFraction = (ratio.detach() - 1.0).abs().gt(clipRange).to_type(ScalarType.Float32).mean();
        return new SurrogateTerms(loss, approxKl, clipFraction);
    }
}
