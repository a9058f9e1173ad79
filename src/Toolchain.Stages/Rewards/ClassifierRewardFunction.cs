using Toolchain.Rl.Rewards;
using Toolchain.Vision.Classification;
using Toolchain.Vision.Rewards;
using static TorchSharp.torch;

namespace Toolchain.Stages.Rewards;

/// <summary>
/// The paper's reward as an RL reward: per image, the share of thresholded classifier heads that agree with
/// the prompt's label vector (heads the prompt says nothing about are left out). Its smooth counterpart for
/// pathwise training is the mean log-likelihood of the prompt's labels under the classifier's sigmoid heads.
/// </summary>
public sealed class ClassifierRewardFunction : IDifferentiableReward
{
    private readonly MultiLabelClassifier classifier;
    private readonly AttributeClassifierReward reward;
    private readonly PromptLabels labels;

    public ClassifierRewardFunction(MultiLabelClassifier classifier, PromptLabels labels)
    {
        this.classifier = classifier;
        reward = new AttributeClassifierReward(classifier);
        this.labels = labels;
        // The reward model is never trained here; gradients only flow through it to the images.
        foreach (var p in classifier.parameters())
        {
            p.requires_grad = false;
        }
        classifier.eval();
    }

    /// <summary>
    /// Mean over the heads the prompt constrains of log sigmoid(+-logit), the sign being the prompt's label:
    /// 0 when the classifier is certain every constrained head agrees, negative otherwise.
    /// </summary>
    public Tensor Objective(Tensor images, IReadOnlyList<string> prompts)
    {
        RewardInputs.Check(images, prompts);
        using var scope = NewDisposeScope();
        var vectors = labels.Vectors(prompts);
        int heads = vectors[0].Length;
        var sign = new float[prompts.Count * heads];
        var mask = new float[prompts.Count * heads];
        for (int i = 0; i < prompts.Count; i++)
        {
            for (int k = 0; k < heads; k++)
            {
                float label = vectors[i][k];
                if (float.IsNaN(label)) continue;
                mask[i * heads + k] = 1f;
                sign[i * heads + k] = label > 0.5f ? 1f : -1f;
            }
        }
        var signs = tensor(sign).view(prompts.Count, heads);
        var masks = tensor(mask).view(prompts.Count, heads);
        var logits = classifier.call(images.clamp(-1.0, 1.0));
        var likelihood = nn.functional.logsigmoid(logits * signs) * masks;
        return (likelihood.sum(1) / masks.sum(1).clamp_min(1f)).MoveToOuterDisposeScope();
    }

    /// <param name="finals">(B, 3, H, W) images in [-1, 1], as the pixel-space policy returns them.</param>
    public float[] Score(Tensor finals, IReadOnlyList<string> prompts)
    {
        RewardInputs.Check(finals, prompts);
        using var images = RewardInputs.Prepare(finals);
        return reward.Score(images, labels.Vectors(prompts));
    }
}
