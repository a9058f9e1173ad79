using Toolchain.Diffusion.Models.Blocks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Vae;

/// <summary>diffusers <c>DownEncoderBlock2D</c>: resnets without time embedding, then an optional downsampler (padding 0).</summary>
public sealed class DownEncoderBlock2D : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly ModuleList<ResnetBlock2D> resnets = new();
    public readonly ModuleList<Downsample2D>? downsamplers;
#pragma warning restore IDE1006

    public DownEncoderBlock2D(Generator generator, int layers, long inChannels, long outChannels, long groups, double eps, bool addDownsample)
        : base(nameof(DownEncoderBlock2D))
    {
        for (int i = 0; i < layers; i++)
        {
            resnets.Add(new ResnetBlock2D(generator, i == 0 ? inChannels : outChannels, outChannels, timeEmbeddingChannels: null, groups, eps));
        }
        if (addDownsample)
        {
            downsamplers = new ModuleList<Downsample2D>(new Downsample2D(generator, outChannels, outChannels, padding: 0));
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        foreach (var resnet in resnets)
        {
            hidden = resnet.call(hidden, null);
        }
        return downsamplers is null ? hidden : downsamplers[0].call(hidden);
    }
}
