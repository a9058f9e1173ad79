using static TorchSharp.torch;

namespace Toolchain.Rl.Objectives;

/// <summary>
/// KL divergence between the current and the reference policy at one denoising step. With DDIM eta &gt; 0
/// both steps are Gaussians with the same std (it depends only on the schedule), so
/// KL = ||mu_cur - mu_ref||^2 / (2 std^2); like the log-probabilities, it is averaged over the non-batch
/// dimensions (a per-element KL), which keeps the penalty's scale independent of the latent size.
/// </summary>
public static class GaussianStepKl
{
    /// <param name="meanCurrent">(B, ...) with grad.</param>
    /// <param name="meanReference">(B, ...) from the reference model (adapters disabled), no grad.</param>
    /// <param name="std">(B) step standard deviation.</param>
    /// <returns>(B) per-sample KL.</returns>
    public static Tensor Compute(Tensor meanCurrent, Tensor meanReference, Tensor std)
    {
        if (!meanCurrent.shape.SequenceEqual(meanReference.shape))
        {
            throw new ArgumentException($"current mean [{string.Join(", ", meanCurrent.shape)}] and reference mean [{string.Join(", ", meanReference.shape)}] differ in shape");
        }
        long batch = meanCurrent.shape[0];
        var variance = std.reshape(batch).square();
        var perElement = (meanCurrent - meanReference).square().reshape(batch, -1).mean(new long[] { 1 });
        return perElement / (2.0 * variance);
    }
}
