using Toolchain.Rl.Rewards;
using static TorchSharp.torch;

namespace Toolchain.Rl.Tests.Toy;

/// <summary>Rewards tanh(2 x[0]) for the prompt "positive" and -tanh(2 x[0]) for "negative".</summary>
public sealed class SignReward : IRewardFunction
{
    public float[] Score(Tensor finals, IReadOnlyList<string> prompts)
    {
        var first = finals[TensorIndex.Colon, 0].data<float>().ToArray();
        return prompts.Select((p, i) => p switch
        {
            "positive" => MathF.Tanh(2 * first[i]),
            "negative" => -MathF.Tanh(2 * first[i]),
            _ => throw new ArgumentException($"unknown prompt '{p}'"),
        }).ToArray();
    }
}
