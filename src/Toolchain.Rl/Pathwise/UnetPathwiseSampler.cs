using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Lora;
using Toolchain.Diffusion.Models.Unet;
using Toolchain.Diffusion.Sampling;
using Toolchain.Diffusion.Schedulers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Rl.Pathwise;

/// <summary>
/// Guided DDIM sampling of a LoRA-adapted UNet whose last denoising steps keep their autograd graph, so a
/// differentiable reward of the final images can be backpropagated into the adapters (DRaFT-K: gradients only
/// through the last K steps; the earlier steps run without a graph, which bounds memory and, per the DRaFT
/// paper, works better than full backpropagation). With eta 0 it is exactly the Sample stage's sampler, so the
/// adapters are trained on the images that stage will draw.
/// </summary>
public sealed class UnetPathwiseSampler : IDisposable
{
    private readonly UNet2DConditionModel unet;
    private readonly LoraNetwork lora;
    private readonly Tensor promptEmbeddings;
    private readonly Tensor emptyEmbedding;
    private readonly DdimScheduler scheduler;
    private readonly Func<Tensor, Tensor, Tensor, Tensor> predictNoise;
    private readonly long[] sampleShape;

    /// <param name="promptEmbeddings">(P, L, D) text-encoder hidden states of <paramref name="prompts"/>.</param>
    /// <param name="emptyPromptEmbedding">(1, L, D) hidden states of the empty prompt.</param>
    public UnetPathwiseSampler(UNet2DConditionModel unet, LoraNetwork lora, IReadOnlyList<string> prompts, Tensor promptEmbeddings,
        Tensor emptyPromptEmbedding, NoiseScheduleConfig schedule, SamplingSettings settings)
    {
        if (prompts.Count == 0 || promptEmbeddings.shape[0] != prompts.Count)
        {
            throw new ArgumentException($"need one embedding row per prompt ({prompts.Count} prompts, {promptEmbeddings.shape[0]} rows)");
        }
        if (settings.Steps < 1 || settings.Eta < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), $"need at least one step and eta >= 0 (got {settings.Steps}, {settings.Eta})");
        }
        if (lora.Config.Dropout > 0)
        {
            throw new ArgumentException("LoRA dropout would make the trained sampler differ from the one Sample uses; use dropout 0", nameof(lora));
        }
        this.unet = unet;
        this.lora = lora;
        Prompts = prompts.ToArray();
        Settings = settings;
        TrainableParameters = lora.Parameters().ToArray();
        using (no_grad())
        {
            this.promptEmbeddings = promptEmbeddings.detach().clone().DetachFromDisposeScope();
            emptyEmbedding = emptyPromptEmbedding.detach().clone().DetachFromDisposeScope();
        }
        scheduler = new DdimScheduler(schedule);
        scheduler.SetTimesteps(settings.Steps);
        predictNoise = lora.Gated((x, t, context) => this.unet.call(x, t, context));
        unet.eval();
        sampleShape = [unet.Config.InChannels, unet.Config.SampleSize, unet.Config.SampleSize];
    }

    public IReadOnlyList<string> Prompts { get; }

    public SamplingSettings Settings { get; }

    public IReadOnlyList<Parameter> TrainableParameters { get; }

    public IReadOnlyList<long> Timesteps => scheduler.Timesteps;

    /// <summary>Until disposed the sampler draws with the fine-tuned model alone.</summary>
    public IDisposable DisableAdapters() => lora.Disabled();

    /// <summary>
    /// Draws one image per prompt index (initial noise, and each step's noise when eta &gt; 0, from
    /// <paramref name="generator"/>); the last <paramref name="backpropSteps"/> steps are recorded for autograd.
    /// </summary>
    /// <returns>(B, 3, H, W) final samples, unclamped (a reward clamps them as it reads them).</returns>
    public Tensor Generate(IReadOnlyList<int> promptIndices, Generator generator, int backpropSteps)
    {
        if (backpropSteps < 0 || backpropSteps > scheduler.Timesteps.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(backpropSteps), $"must be in [0, {scheduler.Timesteps.Count}] (got {backpropSteps})");
        }
        using var scope = NewDisposeScope();
        foreach (int i in promptIndices)
        {
            if (i < 0 || i >= Prompts.Count) throw new ArgumentOutOfRangeException(nameof(promptIndices), $"prompt index {i} is outside [0, {Prompts.Count})");
        }
        int batch = promptIndices.Count;
        var indices = tensor(promptIndices.Select(i => (long)i).ToArray());
        var cond = promptEmbeddings.index_select(0, indices);
        var uncond = emptyEmbedding.expand(cond.shape);
        var x = randn([batch, .. sampleShape], generator: generator) * scheduler.InitNoiseSigma;
        var timesteps = scheduler.Timesteps;
        int firstTracked = timesteps.Count - backpropSteps;
        for (int s = 0; s < timesteps.Count; s++)
        {
            using var step = NewDisposeScope();
            var t = full([batch], timesteps[s], ScalarType.Int64);
            Tensor next;
            using (s < firstTracked ? no_grad() : enable_grad())
            {
                var eps = ClassifierFreeGuidance.PredictNoise(predictNoise, x, t, cond, uncond, Settings.GuidanceScale);
                using var output = scheduler.Step(eps, t, x, Settings.Eta, Settings.Eta > 0 ? generator : null);
                next = output.PrevSample.alias();
            }
            var previous = x;
            x = next.MoveToOuterDisposeScope();
            previous.Dispose();
        }
        return x.MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        promptEmbeddings.Dispose();
        emptyEmbedding.Dispose();
    }
}
