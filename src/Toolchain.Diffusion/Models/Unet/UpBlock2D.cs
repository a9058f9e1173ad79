using Toolchain.Diffusion.Models.Blocks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Unet;

/// <summary>diffusers <c>UpBlock2D</c>: resnets over [hidden, skip] concatenations, then an optional upsampler.</summary>
public sealed class UpBlock2D : UNetUpBlock
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly ModuleList<ResnetBlock2D> resnets = new();
    public readonly ModuleList<Upsample2D>? upsamplers;
#pragma warning restore IDE1006

    /// <param name="layers">Resnet count: the matching down block's layers + 1 (its downsampler's skip).</param>
    public UpBlock2D(Generator generator, UNet2DConditionConfig config, int layers, long inChannels, long prevOutputChannels, long outChannels, bool addUpsample)
        : base(nameof(UpBlock2D))
    {
        for (int i = 0; i < layers; i++)
        {
            long skipChannels = i == layers - 1 ? inChannels : outChannels;
            long resnetIn = i == 0 ? prevOutputChannels : outChannels;
            resnets.Add(new ResnetBlock2D(generator, resnetIn + skipChannels, outChannels, config.TimeEmbedChannels, config.NormNumGroups, config.NormEps));
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
        foreach (var resnet in resnets)
        {
            hidden = resnet.call(cat([hidden, PopSkip(skips)], dim: 1), timeEmbedding);
        }
        return upsamplers is null ? hidden : upsamplers[0].call(hidden, upsampleSize);
    }
}
