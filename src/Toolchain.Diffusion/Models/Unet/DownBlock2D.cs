using Toolchain.Diffusion.Models.Blocks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Unet;

/// <summary>diffusers <c>DownBlock2D</c>: resnets, then an optional stride-2 downsampler.</summary>
public sealed class DownBlock2D : UNetDownBlock
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly ModuleList<ResnetBlock2D> resnets = new();
    public readonly ModuleList<Downsample2D>? downsamplers;
#pragma warning restore IDE1006

    public DownBlock2D(Generator generator, UNet2DConditionConfig config, int index, long inChannels, long outChannels, bool addDownsample)
        : base(nameof(DownBlock2D))
    {
        for (int i = 0; i < config.LayersPerBlock[index]; i++)
        {
            resnets.Add(new ResnetBlock2D(generator, i == 0 ? inChannels : outChannels, outChannels, config.TimeEmbedChannels, config.NormNumGroups, config.NormEps));
        }
        if (addDownsample)
        {
            downsamplers = new ModuleList<Downsample2D>(new Downsample2D(generator, outChannels, outChannels, config.DownsamplePadding));
        }
        RegisterComponents();
    }

    public override Tensor Forward(Tensor hidden, Tensor timeEmbedding, Tensor? context, List<Tensor> skips)
    {
        foreach (var resnet in resnets)
        {
            hidden = resnet.call(hidden, timeEmbedding);
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
