using Toolchain.Diffusion.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Blocks;

/// <summary>
/// diffusers <c>ResnetBlock2D</c> with <c>time_embedding_norm="default"</c>, SiLU and output scale 1:
/// norm1, SiLU, conv1, + time_emb_proj(SiLU(temb)), norm2, SiLU, dropout, conv2, + shortcut.
/// Without a time embedding (VAE) there is no <c>time_emb_proj</c>.
/// </summary>
public sealed class ResnetBlock2D : nn.Module<Tensor, Tensor?, Tensor>
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly GroupNorm norm1;
    public readonly Conv2d conv1;
    public readonly AdaptableLinear? time_emb_proj;
    public readonly GroupNorm norm2;
    public readonly Dropout dropout;
    public readonly Conv2d conv2;
    public readonly Conv2d? conv_shortcut;
#pragma warning restore IDE1006

    public ResnetBlock2D(Generator generator, long inChannels, long outChannels, long? timeEmbeddingChannels, long groups, double eps, double dropoutRate = 0.0)
        : base(nameof(ResnetBlock2D))
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        norm1 = LayerFactory.GroupNorm(groups, inChannels, eps);
        conv1 = LayerFactory.Conv2d(generator, inChannels, outChannels, 3, padding: 1);
        if (timeEmbeddingChannels is long temb)
        {
            time_emb_proj = LayerFactory.Projection(generator, temb, outChannels, hasBias: true);
        }
        norm2 = LayerFactory.GroupNorm(groups, outChannels, eps);
        dropout = nn.Dropout(dropoutRate);
        conv2 = LayerFactory.Conv2d(generator, outChannels, outChannels, 3, padding: 1);
        if (inChannels != outChannels)
        {
            conv_shortcut = LayerFactory.Conv2d(generator, inChannels, outChannels, 1);
        }
        RegisterComponents();
    }

    public long InChannels { get; }

    public long OutChannels { get; }

    public override Tensor forward(Tensor input, Tensor? timeEmbedding)
    {
        var hidden = conv1.call(nn.functional.silu(norm1.call(input)));
        if (time_emb_proj is not null)
        {
            if (timeEmbedding is null)
            {
                throw new ArgumentException("this ResnetBlock2D has a time_emb_proj and needs a time embedding");
            }
            var projected = time_emb_proj.call(nn.functional.silu(timeEmbedding));
            hidden = hidden + projected.unsqueeze(-1).unsqueeze(-1);
        }
        hidden = conv2.call(dropout.call(nn.functional.silu(norm2.call(hidden))));
        var shortcut = conv_shortcut is null ? input : conv_shortcut.call(input);
        return shortcut + hidden;
    }
}
