using Toolchain.Diffusion.Models.Blocks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Vae;

/// <summary>diffusers VAE <c>Decoder</c>: conv_in, mid block, up blocks (layers_per_block + 1 resnets each), GroupNorm, SiLU, conv_out.</summary>
public sealed class Decoder : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly Conv2d conv_in;
    public readonly UNetMidBlock2D mid_block;
    public readonly ModuleList<UpDecoderBlock2D> up_blocks = new();
    public readonly GroupNorm conv_norm_out;
    public readonly Conv2d conv_out;
#pragma warning restore IDE1006

    public Decoder(Generator generator, AutoencoderKLConfig config)
        : base(nameof(Decoder))
    {
        var reversed = config.BlockOutChannels.Reverse().ToArray();
        conv_in = LayerFactory.Conv2d(generator, config.LatentChannels, reversed[0], 3, padding: 1);
        mid_block = new UNetMidBlock2D(generator, reversed[0], config.NormNumGroups, Encoder.Eps);
        long output = reversed[0];
        for (int i = 0; i < reversed.Length; i++)
        {
            long previous = output;
            output = reversed[i];
            up_blocks.Add(new UpDecoderBlock2D(generator, config.LayersPerBlock + 1, previous, output, config.NormNumGroups, Encoder.Eps, addUpsample: i != reversed.Length - 1));
        }
        conv_norm_out = LayerFactory.GroupNorm(config.NormNumGroups, reversed[^1], Encoder.Eps);
        conv_out = LayerFactory.Conv2d(generator, reversed[^1], config.OutChannels, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor latents)
    {
        var hidden = conv_in.call(latents);
        hidden = mid_block.call(hidden);
        foreach (var block in up_blocks)
        {
            hidden = block.call(hidden);
        }
        return conv_out.call(nn.functional.silu(conv_norm_out.call(hidden)));
    }
}
