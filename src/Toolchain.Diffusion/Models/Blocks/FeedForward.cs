using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Blocks;

/// <summary>diffusers <c>FeedForward</c> with GEGLU: net.0 = GEGLU(dim, 4 dim), net.1 = dropout, net.2 = Linear(4 dim, dim).</summary>
public sealed class FeedForward : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly ModuleList<nn.Module<Tensor, Tensor>> net;
#pragma warning restore IDE1006

    public FeedForward(Generator generator, long dim, long multiplier = 4, double dropoutRate = 0.0)
        : base(nameof(FeedForward))
    {
        long inner = dim * multiplier;
        net = new ModuleList<nn.Module<Tensor, Tensor>>(
            new GEGLU(generator, dim, inner),
            nn.Dropout(dropoutRate),
            LayerFactory.Projection(generator, inner, dim, hasBias: true));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var hidden = input;
        foreach (var layer in net)
        {
            hidden = layer.call(hidden);
        }
        return hidden;
    }
}
