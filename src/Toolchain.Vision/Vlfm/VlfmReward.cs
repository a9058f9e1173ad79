using static TorchSharp.torch;

namespace Toolchain.Vision.Vlfm;

/// <summary>The VLFM reward: cosine similarity of each image's embedding with its own prompt's embedding.</summary>
public sealed class VlfmReward
{
    private readonly DualEncoder model;

    public VlfmReward(DualEncoder model)
    {
        this.model = model;
    }

    /// <summary>One cosine in [-1, 1] per image; row i of <paramref name="promptIds"/> is image i's prompt.</summary>
    public float[] Score(Tensor images, Tensor promptIds, int batchSize = 64)
    {
        if (promptIds.shape[0] != images.shape[0])
        {
            throw new ArgumentException($"{promptIds.shape[0]} prompts for {images.shape[0]} images", nameof(promptIds));
        }
        using var scope = NewDisposeScope();
        var imageEmbeddings = model.ImageEmbeddings(images, batchSize);
        var textEmbeddings = model.TextEmbeddings(promptIds);
        return (imageEmbeddings * textEmbeddings).sum(1).cpu().data<float>().ToArray();
    }
}
