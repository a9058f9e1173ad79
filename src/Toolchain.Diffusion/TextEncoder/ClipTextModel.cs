using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.TextEncoder;

/// <summary>
/// The CLIP text encoder with Hugging Face <c>CLIPTextModel</c> parameter names
/// (<c>text_model.embeddings.token_embedding.weight</c>, <c>text_model.encoder.layers.N.self_attn.q_proj.weight</c>,
/// ..., <c>text_model.final_layer_norm.bias</c>): causal self-attention, quick-GELU (or GELU), final layer norm.
/// Every parameter is initialised as transformers does, from the given generator, so a small one can be trained
/// from scratch; a checkpoint's weights are loaded over it by name. The q/k/v/out projections and fc1/fc2 are
/// <see cref="Layers.AdaptableLinear"/> and can carry LoRA adapters.
/// </summary>
public sealed class ClipTextModel : nn.Module<Tensor, Tensor>
{
    /// <summary>Keys older transformers checkpoints hold that are buffers, not parameters (positions 0..76).</summary>
    public static readonly IReadOnlyList<string> NonParameterCheckpointKeys = ["text_model.embeddings.position_ids"];

    [ComponentName(Name = "text_model")]
    private readonly ClipTextTransformer textModel;

    public ClipTextModel(ClipTextConfig config, Generator generator) : base(nameof(ClipTextModel))
    {
        config.Validate();
        Config = config;
        textModel = new ClipTextTransformer(config, generator);
        RegisterComponents();
    }

    public ClipTextConfig Config { get; }

    /// <summary>last_hidden_state (B, L, D) of int64 token ids (B, L).</summary>
    public override Tensor forward(Tensor inputIds)
    {
        CheckIds(inputIds);
        return textModel.forward(inputIds);
    }

    /// <summary>last_hidden_state and the pooled output at each sequence's end token.</summary>
    public ClipTextOutput Encode(Tensor inputIds)
    {
        CheckIds(inputIds);
        using var scope = NewDisposeScope();
        var hidden = textModel.forward(inputIds);
        // transformers: legacy configs (eos_token_id == 2) pool at the argmax id, newer ones at the first end token.
        var eosPositions = Config.EosTokenId == 2
            ? inputIds.argmax(-1)
            : inputIds.eq(Config.EosTokenId).to(ScalarType.Int32).argmax(-1);
        var pooled = hidden[arange(hidden.shape[0], dtype: ScalarType.Int64, device: hidden.device), eosPositions];
        return new ClipTextOutput(hidden.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope());
    }

    private void CheckIds(Tensor inputIds)
    {
        if (inputIds.dim() != 2 || inputIds.dtype != ScalarType.Int64)
        {
            throw new ArgumentException($"input ids must be an int64 (batch, length) tensor, got {inputIds.dtype} [{string.Join(", ", inputIds.shape)}]");
        }
        if (inputIds.shape[1] > Config.MaxPositionEmbeddings)
        {
            throw new ArgumentException($"sequence length {inputIds.shape[1]} exceeds max_position_embeddings {Config.MaxPositionEmbeddings}");
        }
    }
}
