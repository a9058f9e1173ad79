using Toolchain.Diffusion.Models.Blocks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Vae;

/// <summary>diffusers <c>UNetMidBlock2D</c> as the VAE uses it: resnet, single-head spatial self-attention, resnet.</summary>
public sealed class UNetMidBlock2D : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly ModuleList<SpatialSelfAttention> attentions = new();
    public readonly ModuleList<ResnetBlock2D> resnets = new();
#pragma warning restore IDE1006

    public UNetMidBlock2D(Generator generator, long channels, long groups, double eps)
        : base(nameof(UNetMidBlock2D))
    {
        resnets.Add(new ResnetBlock2D(generator, channels, channels, timeEmbeddingChannels: null, groups, eps));
        // attention_head_dim = channels in the VAE, so one head spanning every channel.
        attentions.Add(new SpatialSelfAttention(generator, channels, heads: 1, groups, eps));
        resnets.Add(new ResnetBlock2D(generator, channels, channels, timeEmbeddingChannels: null, groups, eps));
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        hidden = resnets[0].call(hidden, null);
        hidden = attentions[0].call(hidden);
        return resnets[1].call(hidden, null);
    }
}
