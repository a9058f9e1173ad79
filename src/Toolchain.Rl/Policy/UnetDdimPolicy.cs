using Toolchain.Diffusion.Lora;
using Toolchain.Diffusion.Models.Unet;
using Toolchain.Diffusion.Schedulers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Rl.Policy;

/// <summary>
/// A LoRA-adapted <see cref="UNet2DConditionModel"/> sampled with guided DDIM (eta &gt; 0) as a DDPO policy.
/// Prompt embeddings are computed once by the caller (the text encoder is frozen); the unconditional
/// branch uses the empty prompt's embedding. Only the adapters' A/B matrices are trainable.
/// </summary>
/// <remarks>
/// The UNet stays in eval mode while sampling and training: its only train-time randomness would be LoRA
/// dropout, which would make the sampled and re-scored policies differ, so adapters with dropout are refused.
/// </remarks>
public sealed class UnetDdimPolicy : IDiffusionPolicy, IDisposable
{
    private readonly UNet2DConditionModel unet;
    private readonly LoraNetwork lora;
    private readonly Tensor promptEmbeddings;
    private readonly Tensor emptyEmbedding;
    private readonly GuidedDdimStep step;
    private readonly Func<Tensor, Tensor>? decode;
    private readonly long[] latentShape;

    /// <param name="unet">The fine-tuned UNet, with <paramref name="lora"/> attached to it.</param>
    /// <param name="prompts">The prompt list; row i of <paramref name="promptEmbeddings"/> encodes prompt i.</param>
    /// <param name="promptEmbeddings">(P, L, D) text-encoder hidden states of the prompts.</param>
    /// <param name="emptyPromptEmbedding">(1, L, D) hidden states of the empty prompt.</param>
    /// <param name="schedule">The model's training noise schedule.</param>
    /// <param name="decode">Latents to images in [-1, 1] for latent-space models (a VAE decoder); null for pixel-space models.</param>
    public UnetDdimPolicy(
        UNet2DConditionModel unet,
        LoraNetwork lora,
        IReadOnlyList<string> prompts,
        Tensor promptEmbeddings,
        Tensor emptyPromptEmbedding,
        NoiseScheduleConfig schedule,
        DdimPolicySettings settings,
        Func<Tensor, Tensor>? decode = null)
    {
        if (prompts.Count == 0)
        {
            throw new ArgumentException("the policy needs at least one prompt", nameof(prompts));
        }
        if (promptEmbeddings.dim() != 3 || promptEmbeddings.shape[0] != prompts.Count)
        {
            throw new ArgumentException($"prompt embeddings must be ({prompts.Count}, L, D), got [{string.Join(", ", promptEmbeddings.shape)}]", nameof(promptEmbeddings));
        }
        if (emptyPromptEmbedding.dim() != 3 || emptyPromptEmbedding.shape[0] != 1 || !emptyPromptEmbedding.shape[1..].SequenceEqual(promptEmbeddings.shape[1..]))
        {
            throw new ArgumentException($"the empty-prompt embedding must be (1, {promptEmbeddings.shape[1]}, {promptEmbeddings.shape[2]}), got [{string.Join(", ", emptyPromptEmbedding.shape)}]", nameof(emptyPromptEmbedding));
        }
        if (promptEmbeddings.shape[2] != unet.Config.CrossAttentionDim)
        {
            throw new ArgumentException($"prompt embeddings are {promptEmbeddings.shape[2]} wide but the UNet attends to {unet.Config.CrossAttentionDim}", nameof(promptEmbeddings));
        }
        if (lora.Config.Dropout > 0)
        {
            throw new ArgumentException($"LoRA dropout {lora.Config.Dropout} would make the trained policy differ from the sampled one; RL adapters need dropout 0", nameof(lora));
        }
        this.unet = unet;
        this.lora = lora;
        this.decode = decode;
        Prompts = prompts.ToArray();
        TrainableParameters = lora.Parameters().ToArray();
        using (no_grad())
        {
            this.promptEmbeddings = promptEmbeddings.detach().clone().DetachFromDisposeScope();
            emptyEmbedding = emptyPromptEmbedding.detach().clone().DetachFromDisposeScope();
        }
        unet.eval();
        step = new GuidedDdimStep(schedule, lora.Gated((x, t, context) => this.unet.call(x, t, context)), settings);
        latentShape = [unet.Config.InChannels, unet.Config.SampleSize, unet.Config.SampleSize];
    }

    public IReadOnlyList<string> Prompts { get; }

    public IReadOnlyList<Parameter> TrainableParameters { get; }

    public DdimPolicySettings Settings => step.Settings;

    public IReadOnlyList<long> Timesteps => step.Timesteps;

    public Trajectory Sample(IReadOnlyList<int> promptIndices, Generator generator)
    {
        int batch = promptIndices.Count;
        using var scope = NewDisposeScope();
        var indices = PromptIndexTensor(promptIndices);
        var (cond, uncond) = Embeddings(indices);
        // Initial noise first, then each step's noise: the whole chain is a function of the generator's state.
        var latents = randn([batch, .. latentShape], generator: generator);
        var chain = new List<Tensor> { latents };
        var logProbs = new List<Tensor>();
        foreach (long t in step.Timesteps)
        {
            using var stepScope = NewDisposeScope();
            var timesteps = full([batch], t, ScalarType.Int64);
            using var output = step.Step(latents, timesteps, cond, uncond, generator, prevSample: null);
            latents = output.PrevSample.detach().MoveToOuterDisposeScope();
            logProbs.Add(output.LogProb!.detach().MoveToOuterDisposeScope());
            chain.Add(latents);
        }
        var final = decode is null ? latents.clamp(-1, 1) : decode(latents).clamp(-1, 1);
        return new Trajectory(
            stack(chain, 1).MoveToOuterDisposeScope(),
            stack(logProbs, 1).MoveToOuterDisposeScope(),
            tensor(step.Timesteps.ToArray()).MoveToOuterDisposeScope(),
            indices.MoveToOuterDisposeScope(),
            final.MoveToOuterDisposeScope());
    }

    public PolicyStep Evaluate(TransitionBatch transitions)
    {
        using var scope = NewDisposeScope();
        var (cond, uncond) = Embeddings(transitions.PromptIndices);
        using var output = step.Step(transitions.Latents, transitions.Timesteps, cond, uncond, generator: null, prevSample: transitions.NextLatents);
        return new PolicyStep(
            output.PrevSampleMean.alias().MoveToOuterDisposeScope(),
            output.StdDev.reshape(transitions.BatchSize).MoveToOuterDisposeScope(),
            output.LogProb!.alias().MoveToOuterDisposeScope());
    }

    public bool Adapts(long timestep) => lora.Config.ActsAt(timestep);

    public IDisposable DisableAdapters() => lora.Disabled();

    public void Dispose()
    {
        promptEmbeddings.Dispose();
        emptyEmbedding.Dispose();
    }

    private (Tensor Cond, Tensor? Uncond) Embeddings(Tensor promptIndices)
    {
        var cond = promptEmbeddings.index_select(0, promptIndices);
        var uncond = emptyEmbedding.expand(cond.shape);
        return (cond, uncond);
    }

    private Tensor PromptIndexTensor(IReadOnlyList<int> promptIndices)
    {
        foreach (int i in promptIndices)
        {
            if (i < 0 || i >= Prompts.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(promptIndices), $"prompt index {i} is outside [0, {Prompts.Count})");
            }
        }
        return tensor(promptIndices.Select(i => (long)i).ToArray());
    }
}
