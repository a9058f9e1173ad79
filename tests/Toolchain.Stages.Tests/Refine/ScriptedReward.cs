using Toolchain.Rl.Rewards;
using static TorchSharp.torch;

namespace Toolchain.Stages.Tests.Refine;

/// <summary>
/// A stand-in for train_reward's classifier: the images' mean red minus mean blue, something a UNet's adapters can
/// move. Optionally returns NaN from a given call on, to exercise the non-finite guard.
/// </summary>
public sealed class ScriptedReward(int nanFromCall = int.MaxValue) : IRewardFunction
{
    public int Calls { get; private set; }

    public float[] Score(Tensor finals, IReadOnlyList<string> prompts)
    {
        Calls++;
        using var scope = NewDisposeScope();
        var scores = (finals[TensorIndex.Colon, 0].mean([1, 2]) - finals[TensorIndex.Colon, 2].mean([1, 2])).data<float>().ToArray();
        return Calls >= nanFromCall ? scores.Select(_ => float.NaN).ToArray() : scores;
    }
}
