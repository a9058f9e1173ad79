using Toolchain.Diffusion.Models.Blocks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Unet;

/// <summary>diffusers <c>CrossAttnDownBlock2D</c>: (resnet, transformer) pairs, then an optional downsampler.</summary>
public sealed class CrossAttnDownBlock2D : UNetDownBlock
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly ModuleList<Transformer2DModel> attentions = new();
    public readonly ModuleList<ResnetBlock2D> resnets = new();
    public readonly ModuleList<Downsample2D>? downsamplers;
#pragma warning restore IDE1006

    public CrossAttnDownBlock2D(Generator generator, UNet2DConditionConfig config, int index, long inChannels, long outChannels, bool addDownsample)
        : base(nameof(CrossAttnDownBlock2D))
    {
        long heads = config.HeadsPerBlock[index];
        for (int i = 0; i < config.LayersPerBlock[index]; i++)
        {
            resnets.Add(new ResnetBlock2D(generator, i == 0 ? inChannels : outChannels, outChannels, config.TimeEmbedChannels, config.NormNumGroups, config.NormEps));
            attentions.Add(new Transformer2DModel(generator, outChannels, heads, outChannels / heads, config.TransformerLayersPerBlock[index],
                config.CrossAttentionDim, config.NormNumGroups, config.UseLinearProjection));
        }
        if (addDownsample)
        {
            downsamplers = new ModuleList<Downsample2D>(new Downsample2D(generator, outChannels, outChannels, config.DownsamplePadding));
        }
        RegisterComponents();
    }

    public override Tensor Forward(Tensor hidden, Tensor timeEmbedding, Tensor? context, List<Tensor> skips)
    {
        for (int i = 0; i < resnets.Count; i++)
        {
            hidden = resnets[i].call(hidden, timeEmbedding);
            hidden = attentions[i].call(hidden, context);
            skips.Add(hidden);
        }
        if (downsamplers is not null)
        {
            hidden = downsamplers[0].call(hidden);
            skips.Add(hidden);
        }
        return hidden;
    }
}
