using Toolchain.Rl.Rewards;
using Toolchain.Vision.Vlfm;
using static TorchSharp.torch;

namespace Toolchain.Stages.Rewards;

/// <summary>The VLFM reward: cosine similarity in [-1, 1] of each image's embedding with its prompt's embedding.</summary>
public sealed class VlfmRewardFunction : IRewardFunction
{
    private readonly DualEncoderModel model;
    private readonly VlfmReward reward;

    public VlfmRewardFunction(DualEncoderModel model)
    {
        this.model = model;
        reward = new VlfmReward(model.Encoder);
    }

    public float[] Score(Tensor finals, IReadOnlyList<string> prompts)
    {
        RewardInputs.Check(finals, prompts);
        using var images = RewardInputs.Prepare(finals);
        using var ids = model.TokenIds(prompts);
        return reward.Score(images, ids);
    }
}
