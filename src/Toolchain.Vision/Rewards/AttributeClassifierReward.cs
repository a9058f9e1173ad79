using Toolchain.Vision.Classification;
using static TorchSharp.torch;

namespace Toolchain.Vision.Rewards;

/// <summary>
/// The paper's reward: per image, the fraction of thresholded classifier heads that agree with the prompt's
/// label vector. Non-differentiable (hence policy gradients). Thresholds come from the classifier config.
/// </summary>
public sealed class AttributeClassifierReward
{
    private readonly MultiLabelClassifier classifier;

    public AttributeClassifierReward(MultiLabelClassifier classifier)
    {
        this.classifier = classifier;
    }

    public IReadOnlyList<string> Labels => classifier.Config.Labels;

    /// <summary>Rewards in [0, 1], one per image; <paramref name="promptLabels"/> has one row per image in head order.</summary>
    public float[] Score(Tensor images, IReadOnlyList<float[]> promptLabels, int batchSize = 64)
    {
        if (promptLabels.Count != images.shape[0])
        {
            throw new ArgumentException($"{promptLabels.Count} prompt label rows for {images.shape[0]} images", nameof(promptLabels));
        }
        var probabilities = classifier.PredictProbabilities(images, batchSize);
        var thresholds = classifier.Config.Thresholds;
        return probabilities.Zip(promptLabels).Select(p => (float)AttributeAgreement.HeadAgreement(p.First, p.Second, thresholds)).ToArray();
    }
}
