using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Blocks;

/// <summary>
/// diffusers <c>Transformer2DModel</c> for continuous inputs: GroupNorm (eps 1e-6), proj_in (1x1 conv as in
/// SD 1.x, or linear as in SD 2.x), transformer blocks over the H*W tokens, proj_out, + input.
/// </summary>
public sealed class Transformer2DModel : nn.Module<Tensor, Tensor?, Tensor>
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly GroupNorm norm;
    public readonly nn.Module<Tensor, Tensor> proj_in;
    public readonly ModuleList<BasicTransformerBlock> transformer_blocks;
    public readonly nn.Module<Tensor, Tensor> proj_out;
#pragma warning restore IDE1006
    private readonly bool linearProjection;

    public Transformer2DModel(Generator generator, long channels, long heads, long headDim, long layers, long crossAttentionDim, long groups, bool useLinearProjection)
        : base(nameof(Transformer2DModel))
    {
        linearProjection = useLinearProjection;
        long inner = heads * headDim;
        norm = LayerFactory.GroupNorm(groups, channels, 1e-6);
        proj_in = useLinearProjection
            ? LayerFactory.Projection(generator, channels, inner, hasBias: true)
            : LayerFactory.Conv2d(generator, channels, inner, 1);
        transformer_blocks = new ModuleList<BasicTransformerBlock>();
        for (long i = 0; i < layers; i++)
        {
            transformer_blocks.Add(new BasicTransformerBlock(generator, inner, heads, headDim, crossAttentionDim));
        }
        proj_out = useLinearProjection
            ? LayerFactory.Projection(generator, inner, channels, hasBias: true)
            : LayerFactory.Conv2d(generator, inner, channels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input, Tensor? context)
    {
        long batch = input.shape[0], height = input.shape[2], width = input.shape[3];
        var hidden = norm.call(input);
        if (!linearProjection)
        {
            hidden = proj_in.call(hidden);
        }
        long inner = hidden.shape[1];
        hidden = hidden.permute(0, 2, 3, 1).reshape(batch, height * width, inner);
        if (linearProjection)
        {
            hidden = proj_in.call(hidden);
            inner = hidden.shape[2];
        }
        foreach (var block in transformer_blocks)
        {
            hidden = block.call(hidden, context);
        }
        if (linearProjection)
        {
            hidden = proj_out.call(hidden);
            inner = hidden.shape[2];
        }
        hidden = hidden.reshape(batch, height, width, inner).permute(0, 3, 1, 2);
        if (!linearProjection)
        {
            hidden = proj_out.call(hidden.contiguous());
        }
        return hidden + input;
    }
}
