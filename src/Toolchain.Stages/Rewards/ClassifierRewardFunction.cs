using Toolchain.Rl.Rewards;
using Toolchain.Vision.Classification;
using Toolchain.Vision.Rewards;
using static TorchSharp.torch;

namespace Toolchain.Stages.Rewards;

/// <summary>
/// The paper's reward as an RL reward: per image, the share of thresholded classifier heads that agree with
/// the prompt's label vector (heads the prompt says nothing about are left out).
/// </summary>
public sealed class ClassifierRewardFunction : IRewardFunction
{
    private readonly AttributeClassifierReward reward;
    private readonly PromptLabels labels;

    public ClassifierRewardFunction(MultiLabelClassifier classifier, PromptLabels labels)
    {
        reward = new AttributeClassifierReward(classifier);
        this.labels = labels;
    }

    /// <param name="finals">(B, 3, H, W) images in [-1, 1], as the pixel-space policy returns them.</param>
    public float[] Score(Tensor finals, IReadOnlyList<string> prompts)
    {
        RewardInputs.Check(finals, prompts);
        using var images = RewardInputs.Prepare(finals);
        return reward.Score(images, labels.Vectors(prompts));
    }
}
