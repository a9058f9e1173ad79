using Toolchain.Rl.Rewards;
using static TorchSharp.torch;

namespace Toolchain.Stages.Tests.Refine;

/// <summary><see cref="ScriptedReward"/>'s redness, with its objective differentiable for algorithm draft.</summary>
public sealed class DifferentiableScriptedReward : IDifferentiableReward
{
    public Tensor Objective(Tensor images, IReadOnlyList<string> prompts) =>
        images[TensorIndex.Colon, 0].mean([1, 2]) - images[TensorIndex.Colon, 2].mean([1, 2]);

    public float[] Score(Tensor finals, IReadOnlyList<string> prompts)
    {
        using var scope = NewDisposeScope();
        return Objective(finals, prompts).data<float>().ToArray();
    }
}
