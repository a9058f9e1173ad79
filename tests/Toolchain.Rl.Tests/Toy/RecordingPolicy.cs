using Toolchain.Rl.Policy;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Rl.Tests.Toy;

/// <summary>Wraps a policy and records what the trainer asks of it; can poison log-probabilities with NaN.</summary>
public sealed class RecordingPolicy(IDiffusionPolicy inner) : IDiffusionPolicy
{
    public List<int[]> SampledPrompts { get; } = [];

    /// <summary>Per sampled trajectory: its latents (T+1 rows of D floats).</summary>
    public List<float[][]> SampledLatents { get; } = [];

    /// <summary>Per Evaluate call: each row's x_t and timestep.</summary>
    public List<(float[] Latent, long Timestep)[]> Evaluated { get; } = [];

    public bool PoisonLogProbs { get; set; }

    public IReadOnlyList<string> Prompts => inner.Prompts;

    public IReadOnlyList<Parameter> TrainableParameters => inner.TrainableParameters;

    public IReadOnlyList<long> Timesteps => inner.Timesteps;

    public Trajectory Sample(IReadOnlyList<int> promptIndices, Generator generator)
    {
        var trajectory = inner.Sample(promptIndices, generator);
        SampledPrompts.Add(promptIndices.ToArray());
        long steps = trajectory.Latents.shape[1];
        long dim = trajectory.Latents.shape[2];
        var values = trajectory.Latents.data<float>().ToArray();
        for (int b = 0; b < trajectory.BatchSize; b++)
        {
            SampledLatents.Add(Enumerable.Range(0, (int)steps).Select(s => values[(int)((b * steps + s) * dim)..(int)((b * steps + s + 1) * dim)]).ToArray());
        }
        return trajectory;
    }

    public PolicyStep Evaluate(TransitionBatch transitions)
    {
        long dim = transitions.Latents.shape[1];
        var values = transitions.Latents.detach().data<float>().ToArray();
        var timesteps = transitions.Timesteps.data<long>().ToArray();
        Evaluated.Add(Enumerable.Range(0, transitions.BatchSize).Select(b => (values[(int)(b * dim)..(int)((b + 1) * dim)], timesteps[b])).ToArray());
        var step = inner.Evaluate(transitions);
        return PoisonLogProbs ? step with { LogProb = step.LogProb * float.NaN } : step;
    }

    /// <summary>When set, the trainer is told the adapters act only at timesteps t &gt;= this.</summary>
    public long? AdaptsFrom { get; set; }

    public bool Adapts(long timestep) => timestep >= AdaptsFrom || (AdaptsFrom is null && inner.Adapts(timestep));

    public IDisposable DisableAdapters() => inner.DisableAdapters();

    /// <summary>Which (sample, step) of the recorded trajectories a latent row is.</summary>
    public (int Sample, int Step) Locate(float[] latent)
    {
        for (int s = 0; s < SampledLatents.Count; s++)
        {
            for (int t = 0; t < SampledLatents[s].Length; t++)
            {
                if (SampledLatents[s][t].SequenceEqual(latent))
                {
                    return (s, t);
                }
            }
        }
        throw new InvalidOperationException("latent not among the sampled trajectories");
    }
}
