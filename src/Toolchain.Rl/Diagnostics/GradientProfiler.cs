using Toolchain.Diffusion.Runtime;
using Toolchain.Rl.Advantages;
using Toolchain.Rl.Policy;
using Toolchain.Rl.Rewards;
using static TorchSharp.torch;

namespace Toolchain.Rl.Diagnostics;

/// <summary>
/// Measures, per denoising step, the policy gradient DDPO would follow at its first update (ratio 1): the gradient of
/// the advantage-weighted log-probability of that step's transitions, on trajectories sampled from the current policy.
/// </summary>
/// <remarks>
/// Why: a step's log-probability moves with the noise prediction in proportion to |d mean / d eps| / std, which
/// differs between steps by orders of magnitude (in a 5-step DDIM schedule the step into the last timestep is
/// nearly deterministic, so a tiny change in its mean is a large change in log-probability). Such a step's
/// gradient can swamp the others while carrying only sampling noise; with Adam the update then follows that noise.
/// The split-half cosine tells signal from noise without training: the samples are split into two halves with the
/// same prompts, and a gradient the reward consistently asks for points the same way in both.
/// Advantages are each prompt's rewards minus the prompt's mean over this batch, divided by the batch's standard
/// deviation (GRPO's groups; what a warmed-up per-prompt tracker gives up to a per-prompt scale). A KL penalty,
/// if the settings have one, is not part of the profile: it is zero before the first update.
/// </remarks>
public static class GradientProfiler
{
    /// <param name="policy">The policy to profile; its parameters are not changed (their gradients are zeroed afterwards).</param>
    /// <param name="reward">The reward RL would optimise.</param>
    /// <param name="samplesPerPrompt">Trajectories per prompt, at least 2 (half of them in each half).</param>
    /// <param name="batchSize">Trajectories per sampling and scoring batch.</param>
    /// <param name="seed">Seeds every random number the sampling draws.</param>
    public static GradientProfile Measure(IDiffusionPolicy policy, IRewardFunction reward, int samplesPerPrompt, int batchSize, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerPrompt, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var scope = NewDisposeScope();
        int promptCount = policy.Prompts.Count;
        // Repetition-major order: sample i asks for prompt i % promptCount, and its repetition decides its half.
        int[] promptOf = Enumerable.Range(0, promptCount * samplesPerPrompt).Select(i => i % promptCount).ToArray();
        var (latents, timesteps, rewards) = Sample(policy, reward, promptOf, batchSize, seed);
        var advantages = GroupRelativeAdvantage.Compute(promptOf.Select(p => policy.Prompts[p]).ToArray(), rewards);

        int[][] halves =
        [
            Enumerable.Range(0, promptOf.Length).Where(i => i / promptCount % 2 == 0).ToArray(),
            Enumerable.Range(0, promptOf.Length).Where(i => i / promptCount % 2 == 1).ToArray(),
        ];
        var promptIndices = tensor(promptOf.Select(p => (long)p).ToArray());
        var measured = new List<(long Timestep, bool Adapted, Tensor? First, Tensor? Second)>();
        for (int step = 0; step < timesteps.Length; step++)
        {
            if (!policy.Adapts(timesteps[step]))
            {
                measured.Add((timesteps[step], false, null, null));
                continue;
            }
            var first = Gradient(policy, latents, promptIndices, advantages, halves[0], step, timesteps[step], batchSize);
            var second = Gradient(policy, latents, promptIndices, advantages, halves[1], step, timesteps[step], batchSize);
            measured.Add((timesteps[step], true, first, second));
        }
        foreach (var parameter in policy.TrainableParameters)
        {
            parameter.grad?.zero_();
        }

        var norms = measured.Select(m => m.Adapted ? ((m.First! + m.Second!) / 2).norm().item<float>() : 0.0).ToArray();
        double squares = norms.Sum(n => n * n);
        var steps = measured.Select((m, i) => new StepGradient(m.Timestep, m.Adapted, norms[i],
            squares > 0 ? norms[i] * norms[i] / squares : 0,
            m.Adapted ? Cosine(m.First!, m.Second!) : double.NaN)).ToArray();
        var adapted = measured.Where(m => m.Adapted).ToArray();
        double total = adapted.Length == 0
            ? double.NaN
            : Cosine(adapted.Select(m => m.First!).Aggregate((a, b) => a + b), adapted.Select(m => m.Second!).Aggregate((a, b) => a + b));
        return new GradientProfile(steps, total, promptOf.Length, rewards.Average(r => (double)r));
    }

    private static (Tensor Latents, long[] Timesteps, float[] Rewards) Sample(IDiffusionPolicy policy, IRewardFunction reward, int[] promptOf, int batchSize, ulong seed)
    {
        using var generator = ComputeDevice.Generator(seed);
        using var noGrad = no_grad();
        var latents = new List<Tensor>();
        var rewards = new List<float>();
        long[] timesteps = [];
        for (int start = 0; start < promptOf.Length; start += batchSize)
        {
            var batch = promptOf[start..Math.Min(start + batchSize, promptOf.Length)];
            var trajectory = policy.Sample(batch, generator);
            latents.Add(trajectory.Latents);
            timesteps = trajectory.Timesteps.cpu().data<long>().ToArray();
            var scores = reward.Score(trajectory.Final, batch.Select(p => policy.Prompts[p]).ToArray());
            if (scores.Any(s => !float.IsFinite(s)))
            {
                throw new InvalidOperationException($"the reward returned a non-finite value for a trajectory in samples {start}-{start + batch.Length - 1}");
            }
            rewards.AddRange(scores);
        }
        return (cat(latents, 0), timesteps, rewards.ToArray());
    }

    /// <summary>d/dθ of -(1/n) Σ A_i log p(x_{k+1} | x_k) over the rows, flattened over the trainable parameters.</summary>
    private static Tensor Gradient(IDiffusionPolicy policy, Tensor latents, Tensor promptIndices, double[] advantages, int[] rows, int step, long timestep, int batchSize)
    {
        foreach (var parameter in policy.TrainableParameters)
        {
            parameter.grad?.zero_();
        }
        for (int start = 0; start < rows.Length; start += batchSize)
        {
            using var batchScope = NewDisposeScope();
            var batch = rows[start..Math.Min(start + batchSize, rows.Length)];
            var index = tensor(batch.Select(i => (long)i).ToArray());
            var chains = latents.index_select(0, index);
            var transitions = new TransitionBatch(chains.select(1, step), chains.select(1, step + 1),
                full(batch.Length, timestep, ScalarType.Int64), promptIndices.index_select(0, index));
            var weights = tensor(batch.Select(i => (float)advantages[i]).ToArray());
            var loss = -(weights * policy.Evaluate(transitions).LogProb).sum() / rows.Length;
            loss.backward();
        }
        return cat(policy.TrainableParameters.Select(p => p.grad is null ? zeros(p.numel()) : p.grad.detach().flatten().clone()).ToArray(), 0);
    }

    private static double Cosine(Tensor a, Tensor b)
    {
        double norms = a.norm().item<float>() * (double)b.norm().item<float>();
        return norms == 0 ? double.NaN : (a * b).sum().item<float>() / norms;
    }
}
