using Toolchain.Rl.Policy;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Rl.Tests.Toy;

/// <summary>
/// A tiny guided diffusion policy over D-dimensional latents: eps = sqrt(1 - a_t) x_t + MLP(x_t, t, prompt),
/// where the first term is the exact noise prediction for N(0, I) data and the MLP is a frozen random
/// network with LoRA adapters (B initialised to zero) on both layers. Classifier-free guidance uses a zero
/// prompt embedding as the unconditional branch.
/// </summary>
public sealed class ToyDiffusionPolicy : IDiffusionPolicy
{
    private readonly Tensor embeddings;
    private readonly Tensor w1, b1, w2, b2;
    private readonly Parameter a1, lb1, a2, lb2;
    private readonly double guidance;
    private bool adaptersEnabled = true;

    public ToyDiffusionPolicy(IReadOnlyList<string> prompts, int steps = 10, double guidance = 3.0, double eta = 1.0, int dim = 2, int hidden = 16, int rank = 2, ulong seed = 1)
    {
        Prompts = prompts.ToArray();
        Dim = dim;
        this.guidance = guidance;
        Schedule = new ToyDdimStep(steps, eta);
        int embeddingDim = prompts.Count;
        using var generator = new Generator(seed);
        using var scope = NewDisposeScope();
        // One-hot prompt embeddings; the unconditional embedding is zero.
        embeddings = eye(embeddingDim).MoveToOuterDisposeScope();
        int inputs = dim + 2 + embeddingDim;
        w1 = (randn(hidden, inputs, generator: generator) * 0.5).MoveToOuterDisposeScope();
        b1 = (randn(hidden, generator: generator) * 0.1).MoveToOuterDisposeScope();
        w2 = (randn(dim, hidden, generator: generator) * 0.1).MoveToOuterDisposeScope();
        b2 = zeros(dim).MoveToOuterDisposeScope();
        a1 = new Parameter((randn(rank, inputs, generator: generator) / Math.Sqrt(inputs)).MoveToOuterDisposeScope());
        lb1 = new Parameter(zeros(hidden, rank).MoveToOuterDisposeScope());
        a2 = new Parameter((randn(rank, hidden, generator: generator) / Math.Sqrt(hidden)).MoveToOuterDisposeScope());
        lb2 = new Parameter(zeros(dim, rank).MoveToOuterDisposeScope());
        TrainableParameters = [a1, lb1, a2, lb2];
    }

    public IReadOnlyList<string> Prompts { get; }

    public IReadOnlyList<Parameter> TrainableParameters { get; }

    public int Dim { get; }

    public ToyDdimStep Schedule { get; }

    public IReadOnlyList<long> Timesteps => Schedule.Timesteps;

    public Trajectory Sample(IReadOnlyList<int> promptIndices, Generator generator)
    {
        int batch = promptIndices.Count;
        var prompts = tensor(promptIndices.Select(i => (long)i).ToArray());
        var x = randn(new long[] { batch, Dim }, generator: generator);
        var latents = new List<Tensor> { x };
        var logProbs = new List<Tensor>();
        foreach (long t in Schedule.Timesteps)
        {
            var timesteps = full(batch, t, ScalarType.Int64);
            var (mean, std) = Schedule.Step(GuidedEps(x, timesteps, prompts), x, timesteps);
            x = mean + std.unsqueeze(1) * randn(new long[] { batch, Dim }, generator: generator);
            logProbs.Add(ToyDdimStep.LogProb(x, mean, std));
            latents.Add(x);
        }
        return new Trajectory(stack(latents, 1), stack(logProbs, 1), tensor(Schedule.Timesteps), prompts, x);
    }

    public PolicyStep Evaluate(TransitionBatch transitions)
    {
        var eps = GuidedEps(transitions.Latents, transitions.Timesteps, transitions.PromptIndices);
        var (mean, std) = Schedule.Step(eps, transitions.Latents, transitions.Timesteps);
        return new PolicyStep(mean, std, ToyDdimStep.LogProb(transitions.NextLatents, mean, std));
    }

    public bool Adapts(long timestep) => true;

    public IDisposable DisableAdapters()
    {
        adaptersEnabled = false;
        return new Restore(() => adaptersEnabled = true);
    }

    private Tensor GuidedEps(Tensor x, Tensor timesteps, Tensor promptIndices)
    {
        // One forward over [unconditional; conditional], as the reference concatenates them.
        var conditional = embeddings.index_select(0, promptIndices);
        var both = Eps(cat(new[] { x, x }), cat(new[] { timesteps, timesteps }), cat(new[] { zeros_like(conditional), conditional }));
        var halves = both.chunk(2);
        return halves[0] + guidance * (halves[1] - halves[0]);
    }

    private Tensor Eps(Tensor x, Tensor timesteps, Tensor embedding)
    {
        var phase = timesteps.to_type(ScalarType.Float32).unsqueeze(1) / 1000.0 * Math.PI;
        var features = cat(new[] { x, phase.sin(), phase.cos(), embedding }, 1);
        var hidden = nn.functional.linear(features, w1, b1);
        if (adaptersEnabled)
        {
            hidden = hidden + features.matmul(a1.t()).matmul(lb1.t());
        }
        hidden = nn.functional.silu(hidden);
        var output = nn.functional.linear(hidden, w2, b2);
        if (adaptersEnabled)
        {
            output = output + hidden.matmul(a2.t()).matmul(lb2.t());
        }
        var alpha = Schedule.AlphaAt(timesteps).unsqueeze(1);
        return (1 - alpha).sqrt() * x + output;
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
