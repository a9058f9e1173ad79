using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.TextEncoder;

/// <summary>The stack of encoder layers (<c>encoder.layers.N</c>).</summary>
public sealed class ClipEncoder : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "layers")]
    private readonly ModuleList<ClipEncoderLayer> layers;

    public ClipEncoder(ClipTextConfig config, Generator generator) : base(nameof(ClipEncoder))
    {
        layers = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new ClipEncoderLayer(config, generator)).ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var h = hidden;
        foreach (var layer in layers)
        {
            h = layer.forward(h);
        }
        return h.MoveToOuterDisposeScope();
    }
}
