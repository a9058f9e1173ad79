using Toolchain.Diffusion.Models.Blocks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Vae;

/// <summary>diffusers VAE <c>Encoder</c>: conv_in, down blocks, mid block, GroupNorm, SiLU, conv_out to 2 x latent channels (mean, logvar).</summary>
public sealed class Encoder : nn.Module<Tensor, Tensor>
{
    public const double Eps = 1e-6;

#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly Conv2d conv_in;
    public readonly ModuleList<DownEncoderBlock2D> down_blocks = new();
    public readonly UNetMidBlock2D mid_block;
    public readonly GroupNorm conv_norm_out;
    public readonly Conv2d conv_out;
#pragma warning restore IDE1006

    public Encoder(Generator generator, AutoencoderKLConfig config)
        : base(nameof(Encoder))
    {
        var channels = config.BlockOutChannels;
        conv_in = LayerFactory.Conv2d(generator, config.InChannels, channels[0], 3, padding: 1);
        long output = channels[0];
        for (int i = 0; i < channels.Count; i++)
        {
            long input = output;
            output = channels[i];
            down_blocks.Add(new DownEncoderBlock2D(generator, config.LayersPerBlock, input, output, config.NormNumGroups, Eps, addDownsample: i != channels.Count - 1));
        }
        mid_block = new UNetMidBlock2D(generator, channels[^1], config.NormNumGroups, Eps);
        conv_norm_out = LayerFactory.GroupNorm(config.NormNumGroups, channels[^1], Eps);
        conv_out = LayerFactory.Conv2d(generator, channels[^1], 2 * config.LatentChannels, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor image)
    {
        var hidden = conv_in.call(image);
        foreach (var block in down_blocks)
        {
            hidden = block.call(hidden);
        }
        hidden = mid_block.call(hidden);
        return conv_out.call(nn.functional.silu(conv_norm_out.call(hidden)));
    }
}
