using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.TextEncoder;

/// <summary>HF CLIPTextTransformer (<c>text_model</c>): embeddings, encoder.layers.N, final_layer_norm.</summary>
public sealed class ClipTextTransformer : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "embeddings")]
    private readonly ClipTextEmbeddings embeddings;
    [ComponentName(Name = "encoder")]
    private readonly ClipEncoder encoder;
    [ComponentName(Name = "final_layer_norm")]
    private readonly LayerNorm finalLayerNorm;

    public ClipTextTransformer(ClipTextConfig config, Generator generator) : base(nameof(ClipTextTransformer))
    {
        embeddings = new ClipTextEmbeddings(config, generator);
        encoder = new ClipEncoder(config, generator);
        finalLayerNorm = ClipLayerNorm.Create(config);
        RegisterComponents();
    }

    /// <summary>last_hidden_state (B, L, D).</summary>
    public override Tensor forward(Tensor inputIds)
    {
        using var scope = NewDisposeScope();
        var h = encoder.forward(embeddings.forward(inputIds));
        return finalLayerNorm.forward(h).MoveToOuterDisposeScope();
    }
}
