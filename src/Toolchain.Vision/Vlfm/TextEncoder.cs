using System.Globalization;
using Toolchain.Core;
using Toolchain.Vision.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Vision.Vlfm;

/// <summary>
/// Token + position embeddings, pre-norm transformer blocks, a final layer norm, and the state at the
/// end-token position (CLIP's rule: the position of the highest token id, the first one on ties) projected
/// into the joint space. Positions after the end token are padding, whatever their id: no query attends to them.
/// </summary>
public sealed class TextEncoder : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are state-dict keys
    private readonly Embedding token_embedding;
    private readonly Parameter positional_embedding;
    private readonly ModuleList<TextTransformerBlock> layers;
    private readonly LayerNorm ln_final;
    private readonly Linear text_projection;
#pragma warning restore IDE1006
    private readonly DualEncoderConfig config;

    public TextEncoder(DualEncoderConfig config, Generator generator) : base(nameof(TextEncoder))
    {
        this.config = config;
        token_embedding = Layers.Embedding(config.VocabSize, config.TextWidth, std: 0.02, generator);
        positional_embedding = new Parameter(empty(config.ContextLength, config.TextWidth));
        using (no_grad())
        {
            positional_embedding.normal_(0.0, 0.01, generator: generator);
        }
        layers = new ModuleList<TextTransformerBlock>();
        for (int i = 0; i < config.TextLayers; i++)
        {
            layers.Add(new TextTransformerBlock(config.TextWidth, config.TextHeads, generator));
        }
        ln_final = Layers.LayerNorm(config.TextWidth);
        text_projection = Layers.Linear(config.TextWidth, config.EmbedDim, bias: false, generator);
        RegisterComponents();
    }

    /// <summary>Unnormalised (N, EmbedDim) text embeddings of (N, L) int64 token ids, L at most the context length.</summary>
    public override Tensor forward(Tensor ids)
    {
        CheckIds(ids);
        using var scope = NewDisposeScope();
        long n = ids.shape[0], length = ids.shape[1];
        var x = token_embedding.forward(ids) + positional_embedding.narrow(0, 0, length);
        var end = ids.argmax(1);
        var positions = arange(length, dtype: ScalarType.Int64);
        // keyIsPadding[b, j]: key j lies after sequence b's end token.
        var keyIsPadding = positions.unsqueeze(0).gt(end.unsqueeze(1));
        var blocked = keyIsPadding.view(n, 1, 1, length);
        if (config.CausalAttention)
        {
            var future = positions.unsqueeze(1).lt(positions.unsqueeze(0)); // [query i, key j] = j > i
            blocked = blocked.logical_or(future.view(1, 1, length, length));
        }
        var mask = zeros(blocked.shape).masked_fill(blocked, float.NegativeInfinity);
        foreach (var layer in layers)
        {
            x = layer.forward(x, mask);
        }
        x = ln_final.forward(x);
        var pooled = x[arange(n, dtype: ScalarType.Int64), end];
        return text_projection.forward(pooled).MoveToOuterDisposeScope();
    }

    private void CheckIds(Tensor ids)
    {
        if (ids.dim() != 2 || ids.dtype != ScalarType.Int64)
        {
            throw new ArgumentException($"expected (N, L) int64 token ids, got ({string.Join(", ", ids.shape)}) {ids.dtype}", nameof(ids));
        }
        if (ids.shape[1] > config.ContextLength)
        {
            throw new ToolchainError($"token sequences of length {ids.shape[1]} exceed the text encoder's context length {config.ContextLength}");
        }
        long min = ids.min().item<long>(), max = ids.max().item<long>();
        if (min < 0 || max >= config.VocabSize)
        {
            throw new ToolchainError(string.Create(CultureInfo.InvariantCulture, $"token ids span {min}..{max}, outside the vocabulary 0..{config.VocabSize - 1}"));
        }
    }
}
