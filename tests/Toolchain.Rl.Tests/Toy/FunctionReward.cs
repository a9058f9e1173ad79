using Toolchain.Rl.Rewards;
using static TorchSharp.torch;

namespace Toolchain.Rl.Tests.Toy;

/// <summary>A reward given by a function of (final latent, prompt), for hand-built test cases.</summary>
public sealed class FunctionReward(Func<float[], string, float> score) : IRewardFunction
{
    public int Calls { get; private set; }

    public float[] Score(Tensor finals, IReadOnlyList<string> prompts)
    {
        Calls++;
        var rows = finals.detach().cpu().to_type(ScalarType.Float32);
        long dim = rows.shape[1];
        var values = rows.data<float>().ToArray();
        return prompts.Select((p, i) => score(values[(int)(i * dim)..(int)((i + 1) * dim)], p)).ToArray();
    }
}
