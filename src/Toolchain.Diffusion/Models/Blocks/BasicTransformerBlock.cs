using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Blocks;

/// <summary>
/// diffusers <c>BasicTransformerBlock</c> (layer_norm variant): pre-norm self-attention (attn1),
/// cross-attention to the text embeddings (attn2), GEGLU feed-forward, each with a residual.
/// </summary>
public sealed class BasicTransformerBlock : nn.Module<Tensor, Tensor?, Tensor>
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly LayerNorm norm1;
    public readonly Attention attn1;
    public readonly LayerNorm norm2;
    public readonly Attention attn2;
    public readonly LayerNorm norm3;
    public readonly FeedForward ff;
#pragma warning restore IDE1006

    public BasicTransformerBlock(Generator generator, long dim, long heads, long headDim, long crossAttentionDim)
        : base(nameof(BasicTransformerBlock))
    {
        const double eps = 1e-5;
        norm1 = LayerFactory.LayerNorm(dim, eps);
        attn1 = new Attention(generator, dim, crossAttentionDim: null, heads, headDim);
        norm2 = LayerFactory.LayerNorm(dim, eps);
        attn2 = new Attention(generator, dim, crossAttentionDim, heads, headDim);
        norm3 = LayerFactory.LayerNorm(dim, eps);
        ff = new FeedForward(generator, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor? context)
    {
        hidden = attn1.call(norm1.call(hidden), null) + hidden;
        hidden = attn2.call(norm2.call(hidden), context) + hidden;
        return ff.call(norm3.call(hidden)) + hidden;
    }
}
