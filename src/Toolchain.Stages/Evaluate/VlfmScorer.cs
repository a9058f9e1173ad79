using Toolchain.Evaluation.Plots;
using Toolchain.Stages.Rewards;
using Toolchain.Vision;
using Toolchain.Vision.Vlfm;
using static TorchSharp.torch;

namespace Toolchain.Stages.Evaluate;

/// <summary>The VLFM trained by train_reward as a CLIP-score scorer (token ids from its own CLIP tokenizer).</summary>
public sealed class VlfmScorer(DualEncoderModel model) : IPromptImageScorer
{
    public double[] Cosines(IReadOnlyList<RgbImage> images, IReadOnlyList<string> prompts)
    {
        using var scope = NewDisposeScope();
        var batch = ImageBatch.FromRgb(images.Select(i => i.Pixels).ToList(), images[0].Height, images[0].Width);
        return new VlfmReward(model.Encoder).Score(batch, model.TokenIds(prompts)).Select(c => (double)c).ToArray();
    }
}
