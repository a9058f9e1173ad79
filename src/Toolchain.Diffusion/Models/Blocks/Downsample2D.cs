using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Blocks;

/// <summary>
/// diffusers <c>Downsample2D</c> with a convolution: 3x3, stride 2. With padding 0 (the VAE encoder)
/// the input is first padded by one on the right and bottom, as diffusers does.
/// </summary>
public sealed class Downsample2D : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly Conv2d conv;
#pragma warning restore IDE1006
    private readonly long padding;

    public Downsample2D(Generator generator, long channels, long outChannels, long padding)
        : base(nameof(Downsample2D))
    {
        this.padding = padding;
        conv = LayerFactory.Conv2d(generator, channels, outChannels, 3, stride: 2, padding: padding);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var hidden = padding == 0 ? nn.functional.pad(input, [0, 1, 0, 1]) : input;
        return conv.call(hidden);
    }
}
