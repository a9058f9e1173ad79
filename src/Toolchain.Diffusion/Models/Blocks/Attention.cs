using Toolchain.Diffusion.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Blocks;

/// <summary>
/// diffusers <c>Attention</c> over token sequences (self-attention when no context is given, cross-attention
/// otherwise). Every projection is an <see cref="AdaptableLinear"/> so LoRA adapters can attach to
/// <c>to_q</c>, <c>to_k</c>, <c>to_v</c> and <c>to_out.0</c>; <c>to_out.1</c> is the dropout.
/// </summary>
public sealed class Attention : nn.Module<Tensor, Tensor?, Tensor>
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly AdaptableLinear to_q;
    public readonly AdaptableLinear to_k;
    public readonly AdaptableLinear to_v;
    public readonly ModuleList<nn.Module<Tensor, Tensor>> to_out;
#pragma warning restore IDE1006

    public Attention(Generator generator, long queryDim, long? crossAttentionDim, long heads, long headDim, bool qkvBias = false, double dropoutRate = 0.0)
        : base(nameof(Attention))
    {
        Heads = heads;
        long inner = heads * headDim;
        long contextDim = crossAttentionDim ?? queryDim;
        to_q = LayerFactory.Projection(generator, queryDim, inner, qkvBias);
        to_k = LayerFactory.Projection(generator, contextDim, inner, qkvBias);
        to_v = LayerFactory.Projection(generator, contextDim, inner, qkvBias);
        to_out = new ModuleList<nn.Module<Tensor, Tensor>>(
            LayerFactory.Projection(generator, inner, queryDim, hasBias: true),
            nn.Dropout(dropoutRate));
        RegisterComponents();
    }

    public long Heads { get; }

    /// <summary>hidden (B, N, queryDim); context (B, M, crossAttentionDim) or null for self-attention.</summary>
    public override Tensor forward(Tensor hidden, Tensor? context)
    {
        var source = context ?? hidden;
        var attended = MultiHead.Attend(to_q.call(hidden), to_k.call(source), to_v.call(source), Heads);
        return to_out[1].call(to_out[0].call(attended));
    }
}
