using Toolchain.Vision.Training;
using static TorchSharp.torch;

namespace Toolchain.Vision.Vlfm;

/// <summary>
/// Trains a <see cref="DualEncoder"/> contrastively on (image, caption token ids) pairs with AdamW: symmetric
/// InfoNCE on pooled embeddings, mixed with the same loss on region logits by the config's region loss weight.
/// </summary>
public static class DualEncoderTrainer
{
    public static IReadOnlyList<EpochStats> Train(
        DualEncoder model,
        Tensor images,
        Tensor ids,
        TrainingOptions options,
        Action<EpochStats>? onEpoch = null)
    {
        if (ids.dim() != 2 || ids.dtype != ScalarType.Int64 || ids.shape[0] != images.shape[0])
        {
            throw new ArgumentException($"expected ({images.shape[0]}, L) int64 token ids, one row per image, got ({string.Join(", ", ids.shape)}) {ids.dtype}", nameof(ids));
        }
        return SupervisedLoop.Run(model, images, options, (batch, index) =>
        {
            var batchIds = ids.index_select(0, index);
            var (imageEmbeddings, patchEmbeddings) = model.EncodeImagesAndPatches(batch);
            var textEmbeddings = model.EncodeTexts(batchIds);
            var loss = ContrastiveLoss.Compute(model.Logits(imageEmbeddings, textEmbeddings), batchIds);
            double w = model.Config.RegionLossWeight;
            if (w == 0)
            {
                return loss;
            }
            var regionLoss = ContrastiveLoss.Compute(model.RegionLogits(patchEmbeddings, textEmbeddings), batchIds);
            return loss * (1 - w) + regionLoss * w;
        }, onEpoch);
    }
}
