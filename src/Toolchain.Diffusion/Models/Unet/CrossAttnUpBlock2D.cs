using Toolchain.Diffusion.Models.Blocks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Unet;

/// <summary>diffusers <c>CrossAttnUpBlock2D</c>: (resnet over [hidden, skip], transformer) pairs, then an optional upsampler.</summary>
public sealed class CrossAttnUpBlock2D : UNetUpBlock
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly ModuleList<Transformer2DModel> attentions = new();
    public readonly ModuleList<ResnetBlock2D> resnets = new();
    public readonly ModuleList<Upsample2D>? upsamplers;
#pragma warning restore IDE1006

    public CrossAttnUpBlock2D(Generator generator, UNet2DConditionConfig config, int reversedIndex, int layers, long inChannels, long prevOutputChannels, long outChannels, bool addUpsample)
        : base(nameof(CrossAttnUpBlock2D))
    {
        int downIndex = config.DownBlockTypes.Count - 1 - reversedIndex;
        long heads = config.HeadsPerBlock[downIndex];
        for (int i = 0; i < layers; i++)
        {
            long skipChannels = i == layers - 1 ? inChannels : outChannels;
            long resnetIn = i == 0 ? prevOutputChannels : outChannels;
            resnets.Add(new ResnetBlock2D(generator, resnetIn + skipChannels, outChannels, config.TimeEmbedChannels, config.NormNumGroups, config.NormEps));
            attentions.Add(new Transformer2DModel(generator, outChannels, heads, outChannels / heads, config.TransformerLayersPerBlock[downIndex],
                config.CrossAttentionDim, config.NormNumGroups, config.UseLinearProjection));
        }
        if (addUpsample)
        {
            upsamplers = new ModuleList<Upsample2D>(new Upsample2D(generator, outChannels, outChannels));
        }
        RegisterComponents();
    }

    public override int SkipCount => resnets.Count;

    public override Tensor Forward(Tensor hidden, Tensor timeEmbedding, Tensor? context, List<Tensor> skips, long[]? upsampleSize)
    {
        for (int i = 0; i < resnets.Count; i++)
        {
            hidden = resnets[i].call(cat([hidden, PopSkip(skips)], dim: 1), timeEmbedding);
            hidden = attentions[i].call(hidden, context);
        }
        return upsamplers is null ? hidden : upsamplers[0].call(hidden, upsampleSize);
    }
}
