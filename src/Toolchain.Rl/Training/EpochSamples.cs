using static TorchSharp.torch;

namespace Toolchain.Rl.Training;

/// <summary>One epoch's sampled trajectories, collated over the sampling batches, with their rewards.</summary>
internal sealed record EpochSamples(
    Tensor Latents,
    Tensor LogProbs,
    Tensor Timesteps,
    Tensor PromptIndices,
    string[] Prompts,
    float[] Rewards,
    IReadOnlyDictionary<string, float[]> Components)
{
    public int Count => Rewards.Length;

    public int Steps => (int)Timesteps.shape[0];
}
