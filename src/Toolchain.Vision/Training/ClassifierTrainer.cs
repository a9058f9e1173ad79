using Toolchain.Core;
using Toolchain.Vision.Classification;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Vision.Training;

/// <summary>
/// Trains a <see cref="MultiLabelClassifier"/> with AdamW on binary cross-entropy with logits.
/// Labels are 0 or 1 per head; NaN marks an unknown label, which is masked out of the loss. With
/// <see cref="HeadWeighting.Balanced"/> each head's positives are weighted by <see cref="PositiveWeights"/>.
/// </summary>
public static class ClassifierTrainer
{
    public static IReadOnlyList<EpochStats> Train(
        MultiLabelClassifier model,
        Tensor images,
        IReadOnlyList<float[]> labels,
        TrainingOptions options,
        Action<EpochStats>? onEpoch = null,
        HeadWeighting weighting = HeadWeighting.None)
    {
        int heads = model.Config.Labels.Count;
        if (labels.Count != images.shape[0])
        {
            throw new ArgumentException($"{labels.Count} label rows for {images.shape[0]} images", nameof(labels));
        }
        var targets = new float[labels.Count * heads];
        var known = new float[labels.Count * heads];
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i].Length != heads)
            {
                throw new ToolchainError($"image {i} has {labels[i].Length} labels, the classifier has {heads} heads ({string.Join(", ", model.Config.Labels)})");
            }
            for (int k = 0; k < heads; k++)
            {
                float value = labels[i][k];
                if (float.IsNaN(value))
                {
                    continue;
                }
                if (value != 0f && value != 1f)
                {
                    throw new ToolchainError($"image {i}, label '{model.Config.Labels[k]}': {value} is not 0, 1 or NaN (unknown)");
                }
                targets[i * heads + k] = value;
                known[i * heads + k] = 1f;
            }
        }
        using var targetTensor = tensor(targets, new long[] { labels.Count, heads });
        using var knownTensor = tensor(known, new long[] { labels.Count, heads });
        using var positiveWeight = weighting == HeadWeighting.Balanced ? tensor(PositiveWeights(labels, heads)) : null;
        return SupervisedLoop.Run(model, images, options, (batch, index) =>
        {
            var logits = model.forward(batch);
            var target = targetTensor.index_select(0, index);
            var mask = knownTensor.index_select(0, index);
            var perLabel = nn.functional.binary_cross_entropy_with_logits(logits, target, reduction: nn.Reduction.None, pos_weights: positiveWeight);
            return (perLabel * mask).sum() / mask.sum().clamp_min(1.0);
        }, onEpoch);
    }

    /// <summary>
    /// Per head, known negatives / known positives: the weight that gives a head's positives as much total loss as
    /// its negatives. A head with no known positives or no known negatives has nothing to balance and gets 1.
    /// </summary>
    public static float[] PositiveWeights(IReadOnlyList<float[]> labels, int heads)
    {
        var weights = new float[heads];
        for (int k = 0; k < heads; k++)
        {
            int positives = labels.Count(row => row[k] == 1f);
            int negatives = labels.Count(row => row[k] == 0f);
            weights[k] = positives == 0 || negatives == 0 ? 1f : (float)negatives / positives;
        }
        return weights;
    }
}
