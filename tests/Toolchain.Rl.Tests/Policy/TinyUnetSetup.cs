using Toolchain.Diffusion.Lora;
using Toolchain.Diffusion.Models.Unet;
using Toolchain.Diffusion.Schedulers;
using Toolchain.Rl.Policy;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Rl.Tests.Policy;

/// <summary>A real UNet small enough to sample in milliseconds: 8x8 pixels, two levels, 16-wide text embeddings.</summary>
public static class TinyUnetSetup
{
    public static readonly string[] Prompts = ["a lesion with hair", "a lesion with ink", "a lesion with no visible artifacts"];

    public static UNet2DConditionConfig Config { get; } = UNetPresets.TinyCpu with
    {
        SampleSize = 8,
        DownBlockTypes = [UNet2DConditionConfig.DownBlock, UNet2DConditionConfig.CrossAttnDownBlock],
        UpBlockTypes = [UNet2DConditionConfig.CrossAttnUpBlock, UNet2DConditionConfig.UpBlock],
        BlockOutChannels = [16, 32],
        LayersPerBlock = [1, 1],
        NormNumGroups = 8,
        CrossAttentionDim = 16,
        TransformerLayersPerBlock = [1, 1],
        AttentionHeadDim = [2, 2],
    };

    public static NoiseScheduleConfig Schedule { get; } = NoiseScheduleConfig.StableDiffusion1;

    /// <summary>A policy whose adapters already differ from the base model (B drawn at random), as after some training.</summary>
    public static (UnetDdimPolicy Policy, LoraNetwork Lora) Policy(DdimPolicySettings? settings = null, bool perturbAdapters = true, ulong seed = 3, LoraConfig? lora = null)
    {
        using var generator = new Generator(seed);
        var unet = new UNet2DConditionModel(Config, generator);
        var adapters = LoraNetwork.Attach(unet, lora ?? new LoraConfig(), generator);
        if (perturbAdapters)
        {
            using var noGrad = no_grad();
            foreach (var adapter in adapters.Adapters)
            {
                adapter.B.normal_(0, 0.2, generator: generator);
            }
        }
        using var scope = NewDisposeScope();
        var embeddings = randn([Prompts.Length, 5, Config.CrossAttentionDim], generator: generator);
        var empty = randn([1, 5, Config.CrossAttentionDim], generator: generator);
        var policy = new UnetDdimPolicy(unet, adapters, Prompts, embeddings, empty, Schedule, settings ?? new DdimPolicySettings(NumSteps: 4, GuidanceScale: 3.0, Eta: 1.0));
        return (policy, adapters);
    }
}
