using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Blocks;

/// <summary>
/// diffusers <c>Upsample2D</c> with a convolution: nearest-neighbour upsampling (by 2, or to the size of
/// the skip connection it will meet, so odd sizes round-trip), then a 3x3 convolution.
/// </summary>
public sealed class Upsample2D : nn.Module<Tensor, long[]?, Tensor>
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly Conv2d conv;
#pragma warning restore IDE1006

    public Upsample2D(Generator generator, long channels, long outChannels)
        : base(nameof(Upsample2D))
    {
        conv = LayerFactory.Conv2d(generator, channels, outChannels, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input, long[]? outputSize)
    {
        var upsampled = outputSize is null
            ? nn.functional.interpolate(input, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest)
            : nn.functional.interpolate(input, size: outputSize, mode: InterpolationMode.Nearest);
        return conv.call(upsampled);
    }
}
