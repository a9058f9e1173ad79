using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.TextEncoder;

/// <summary>One pre-norm transformer layer: x + attn(ln1(x)), then x + mlp(ln2(x)).</summary>
public sealed class ClipEncoderLayer : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "self_attn")]
    private readonly ClipAttention selfAttn;
    [ComponentName(Name = "layer_norm1")]
    private readonly LayerNorm layerNorm1;
    [ComponentName(Name = "mlp")]
    private readonly ClipMlp mlp;
    [ComponentName(Name = "layer_norm2")]
    private readonly LayerNorm layerNorm2;

    public ClipEncoderLayer(ClipTextConfig config, Generator generator) : base(nameof(ClipEncoderLayer))
    {
        selfAttn = new ClipAttention(config, generator);
        layerNorm1 = ClipLayerNorm.Create(config);
        mlp = new ClipMlp(config, generator);
        layerNorm2 = ClipLayerNorm.Create(config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var h = hidden + selfAttn.forward(layerNorm1.forward(hidden));
        h = h + mlp.forward(layerNorm2.forward(h));
        return h.MoveToOuterDisposeScope();
    }
}
