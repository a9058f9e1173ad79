using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.TextEncoder;

/// <summary>Token embedding plus learned absolute position embedding.</summary>
public sealed class ClipTextEmbeddings : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "token_embedding")]
    private readonly Embedding tokenEmbedding;
    [ComponentName(Name = "position_embedding")]
    private readonly Embedding positionEmbedding;

    public ClipTextEmbeddings(ClipTextConfig config, Generator generator) : base(nameof(ClipTextEmbeddings))
    {
        tokenEmbedding = nn.Embedding(config.VocabSize, config.HiddenSize);
        positionEmbedding = nn.Embedding(config.MaxPositionEmbeddings, config.HiddenSize);
        RegisterComponents();
        // transformers initialises both tables with N(0, 0.02 * initializer_factor).
        ClipInit.Normal(tokenEmbedding.weight!, 0.02 * config.InitializerFactor, generator);
        ClipInit.Normal(positionEmbedding.weight!, 0.02 * config.InitializerFactor, generator);
        tokenEmbedding.weight!.DetachFromDisposeScope();
        positionEmbedding.weight!.DetachFromDisposeScope();
    }

    public override Tensor forward(Tensor inputIds)
    {
        using var scope = NewDisposeScope();
        var positions = arange(inputIds.shape[1], dtype: ScalarType.Int64, device: inputIds.device).unsqueeze(0);
        return (tokenEmbedding.forward(inputIds) + positionEmbedding.forward(positions)).MoveToOuterDisposeScope();
    }
}
