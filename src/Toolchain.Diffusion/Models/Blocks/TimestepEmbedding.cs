using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Blocks;

/// <summary>diffusers <c>TimestepEmbedding</c>: linear_1, SiLU, linear_2.</summary>
public sealed class TimestepEmbedding : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly Linear linear_1;
    public readonly Linear linear_2;
#pragma warning restore IDE1006

    public TimestepEmbedding(Generator generator, long inChannels, long embeddingDim)
        : base(nameof(TimestepEmbedding))
    {
        linear_1 = LayerFactory.Linear(generator, inChannels, embeddingDim);
        linear_2 = LayerFactory.Linear(generator, embeddingDim, embeddingDim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var hidden = nn.functional.silu(linear_1.call(input));
        return linear_2.call(hidden);
    }
}
