using static TorchSharp.torch;

namespace Toolchain.Rl.Policy;

/// <summary>
/// A batch of sampled denoising chains, kept whole so that every transition can be re-scored later.
/// The tensors belong to the dispose scope in which the policy created them.
/// </summary>
public sealed class Trajectory
{
    /// <param name="latents">(B, T+1, ...): the initial noise, then the latent after each of the T steps.</param>
    /// <param name="logProbs">(B, T): log-density of each step under the sampling policy, averaged over non-batch dims.</param>
    /// <param name="timesteps">(T) int64: the scheduler timestep of each step, in sampling order.</param>
    /// <param name="promptIndices">(B) int64: the prompt of each chain.</param>
    /// <param name="final">(B, ...): what the reward sees (decoded images, or the final latents).</param>
    public Trajectory(Tensor latents, Tensor logProbs, Tensor timesteps, Tensor promptIndices, Tensor final)
    {
        if (latents.dim() < 3)
        {
            throw new ArgumentException($"latents must be (B, T+1, ...), got [{string.Join(", ", latents.shape)}]", nameof(latents));
        }
        long batch = latents.shape[0];
        long steps = latents.shape[1] - 1;
        Require(logProbs.dim() == 2 && logProbs.shape[0] == batch && logProbs.shape[1] == steps, nameof(logProbs), $"(B={batch}, T={steps})", logProbs);
        Require(timesteps.dim() == 1 && timesteps.shape[0] == steps && timesteps.dtype == ScalarType.Int64, nameof(timesteps), $"int64 (T={steps})", timesteps);
        Require(promptIndices.dim() == 1 && promptIndices.shape[0] == batch && promptIndices.dtype == ScalarType.Int64, nameof(promptIndices), $"int64 (B={batch})", promptIndices);
        Require(final.dim() >= 1 && final.shape[0] == batch, nameof(final), $"(B={batch}, ...)", final);
        Latents = latents;
        LogProbs = logProbs;
        Timesteps = timesteps;
        PromptIndices = promptIndices;
        Final = final;
    }

    public Tensor Latents { get; }

    public Tensor LogProbs { get; }

    public Tensor Timesteps { get; }

    public Tensor PromptIndices { get; }

    public Tensor Final { get; }

    public int BatchSize => (int)Latents.shape[0];

    public int StepCount => (int)LogProbs.shape[1];

    private static void Require(bool ok, string name, string expected, Tensor actual)
    {
        if (!ok)
        {
            throw new ArgumentException($"{name} must be {expected}, got {actual.dtype} [{string.Join(", ", actual.shape)}]", name);
        }
    }
}
