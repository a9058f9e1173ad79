using Toolchain.Diffusion.Models.Blocks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Vae;

/// <summary>diffusers <c>UpDecoderBlock2D</c>: resnets without time embedding, then an optional x2 upsampler.</summary>
public sealed class UpDecoderBlock2D : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly ModuleList<ResnetBlock2D> resnets = new();
    public readonly ModuleList<Upsample2D>? upsamplers;
#pragma warning restore IDE1006

    public UpDecoderBlock2D(Generator generator, int layers, long inChannels, long outChannels, long groups, double eps, bool addUpsample)
        : base(nameof(UpDecoderBlock2D))
    {
        for (int i = 0; i < layers; i++)
        {
            resnets.Add(new ResnetBlock2D(generator, i == 0 ? inChannels : outChannels, outChannels, timeEmbeddingChannels: null, groups, eps));
        }
        if (addUpsample)
        {
            upsamplers = new ModuleList<Upsample2D>(new Upsample2D(generator, outChannels, outChannels));
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        foreach (var resnet in resnets)
        {
            hidden = resnet.call(hidden, null);
        }
        return upsamplers is null ? hidden : upsamplers[0].call(hidden, null);
    }
}
