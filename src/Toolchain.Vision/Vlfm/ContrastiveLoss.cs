using static TorchSharp.torch;

namespace Toolchain.Vision.Vlfm;

/// <summary>
/// Symmetric InfoNCE (CLIP's loss) with multi-positive targets: every pair in the batch whose token ids are
/// identical counts as a positive, sharing the target mass evenly. With few distinct prompts (32 in the
/// paper) a batch holds many copies of a caption, and plain InfoNCE would push those true matches apart.
/// </summary>
public static class ContrastiveLoss
{
    /// <param name="logits">(B, B) image-to-text logits.</param>
    /// <param name="ids">(B, L) token ids of the batch's captions.</param>
    public static Tensor Compute(Tensor logits, Tensor ids)
    {
        using var scope = NewDisposeScope();
        var same = ids.unsqueeze(1).eq(ids.unsqueeze(0)).all(2).to_type(ScalarType.Float32);
        var targets = same / same.sum(1, keepdim: true);
        var imageToText = -(targets * logits.log_softmax(1)).sum(1).mean();
        var textToImage = -(targets * logits.t().log_softmax(1)).sum(1).mean();
        return ((imageToText + textToImage) / 2).MoveToOuterDisposeScope();
    }
}
