using static TorchSharp.torch;

namespace Toolchain.Rl.Rewards;

/// <summary>
/// Scores generated images against the prompts that asked for them. Rewards are treated as
/// non-differentiable: the policy gradient only needs their values.
/// </summary>
public interface IRewardFunction
{
    /// <param name="finals">(B, ...) the trajectories' final images (or latents), as the policy produced them.</param>
    /// <param name="prompts">B prompt strings, one per image.</param>
    /// <returns>One reward per image.</returns>
    float[] Score(Tensor finals, IReadOnlyList<string> prompts);
}
