using Toolchain.Diffusion.Layers;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Blocks;

/// <summary>diffusers <c>GEGLU</c>: one projection to twice the width, split into value and gate, value * GELU(gate).</summary>
public sealed class GEGLU : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly AdaptableLinear proj;
#pragma warning restore IDE1006

    public GEGLU(Generator generator, long inFeatures, long outFeatures)
        : base(nameof(GEGLU))
    {
        proj = LayerFactory.Projection(generator, inFeatures, outFeatures * 2, hasBias: true);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var halves = proj.call(input).chunk(2, dim: -1);
        return halves[0] * nn.functional.gelu(halves[1]);
    }
}
