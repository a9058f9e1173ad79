using Toolchain.Diffusion.Models.Blocks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Unet;

/// <summary>diffusers <c>UNetMidBlock2DCrossAttn</c>: resnet, then (transformer, resnet).</summary>
public sealed class UNetMidBlock2DCrossAttn : nn.Module<Tensor, Tensor, Tensor?, Tensor>
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly ModuleList<Transformer2DModel> attentions = new();
    public readonly ModuleList<ResnetBlock2D> resnets = new();
#pragma warning restore IDE1006

    public UNetMidBlock2DCrossAttn(Generator generator, UNet2DConditionConfig config, long channels)
        : base(nameof(UNetMidBlock2DCrossAttn))
    {
        int last = config.DownBlockTypes.Count - 1;
        long heads = config.HeadsPerBlock[last];
        resnets.Add(new ResnetBlock2D(generator, channels, channels, config.TimeEmbedChannels, config.NormNumGroups, config.NormEps));
        attentions.Add(new Transformer2DModel(generator, channels, heads, channels / heads, config.TransformerLayersPerBlock[last],
            config.CrossAttentionDim, config.NormNumGroups, config.UseLinearProjection));
        resnets.Add(new ResnetBlock2D(generator, channels, channels, config.TimeEmbedChannels, config.NormNumGroups, config.NormEps));
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor timeEmbedding, Tensor? context)
    {
        hidden = resnets[0].call(hidden, timeEmbedding);
        for (int i = 0; i < attentions.Count; i++)
        {
            hidden = attentions[i].call(hidden, context);
            hidden = resnets[i + 1].call(hidden, timeEmbedding);
        }
        return hidden;
    }
}
