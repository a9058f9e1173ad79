using Toolchain.Diffusion.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Blocks;

/// <summary>
/// The VAE mid-block attention (diffusers <c>Attention</c> with <c>norm_num_groups</c>, biased projections
/// and a residual connection) over the pixels of a feature map: group_norm, to_q/to_k/to_v, to_out.0, + input.
/// </summary>
public sealed class SpatialSelfAttention : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly GroupNorm group_norm;
    public readonly AdaptableLinear to_q;
    public readonly AdaptableLinear to_k;
    public readonly AdaptableLinear to_v;
    public readonly ModuleList<nn.Module<Tensor, Tensor>> to_out;
#pragma warning restore IDE1006

    public SpatialSelfAttention(Generator generator, long channels, long heads, long groups, double eps)
        : base(nameof(SpatialSelfAttention))
    {
        Heads = heads;
        group_norm = LayerFactory.GroupNorm(groups, channels, eps);
        to_q = LayerFactory.Projection(generator, channels, channels, hasBias: true);
        to_k = LayerFactory.Projection(generator, channels, channels, hasBias: true);
        to_v = LayerFactory.Projection(generator, channels, channels, hasBias: true);
        to_out = new ModuleList<nn.Module<Tensor, Tensor>>(
            LayerFactory.Projection(generator, channels, channels, hasBias: true),
            nn.Dropout(0.0));
        RegisterComponents();
    }

    public long Heads { get; }

    public override Tensor forward(Tensor input)
    {
        long batch = input.shape[0], channels = input.shape[1], height = input.shape[2], width = input.shape[3];
        var tokens = group_norm.call(input).view(batch, channels, height * width).transpose(1, 2);
        var attended = MultiHead.Attend(to_q.call(tokens), to_k.call(tokens), to_v.call(tokens), Heads);
        var projected = to_out[1].call(to_out[0].call(attended));
        return projected.transpose(1, 2).reshape(batch, channels, height, width) + input;
    }
}
