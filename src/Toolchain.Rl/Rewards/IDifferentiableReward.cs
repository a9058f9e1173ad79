using static TorchSharp.torch;

namespace Toolchain.Rl.Rewards;

/// <summary>
/// A reward whose value can be differentiated with respect to the images, so that pathwise methods (DRaFT,
/// AlignProp) can backpropagate it through the last denoising steps instead of estimating a policy gradient.
/// The thresholded score that <see cref="IRewardFunction"/> reports is not differentiable; this is its smooth
/// counterpart (for the attribute classifier: the log-likelihood of the prompt's labels).
/// </summary>
public interface IDifferentiableReward : IRewardFunction
{
    /// <param name="images">(B, 3, H, W) images in [-1, 1] that carry gradients to the policy's parameters.</param>
    /// <param name="prompts">B prompt strings, one per image.</param>
    /// <returns>(B) per-image objective, higher is better, differentiable with respect to <paramref name="images"/>.</returns>
    Tensor Objective(Tensor images, IReadOnlyList<string> prompts);
}
