using Toolchain.Diffusion.Schedulers;

namespace Toolchain.Diffusion.Checkpoints;

/// <summary>
/// The shape of a text-to-image model built from scratch: a pixel-space UNet at <see cref="Resolution"/>
/// (3 channels, no VAE) and a small CLIP-style text encoder over the full CLIP vocabulary.
/// </summary>
/// <param name="AttentionHeads">Attention heads per level (the SD 1.x meaning of diffusers' attention_head_dim).</param>
/// <param name="CrossAttentionDim">Width of the text embeddings; must equal <paramref name="TextHiddenSize"/>.</param>
/// <param name="MaxLength">Tokens per prompt including start and end tokens (the tokenizer's and text encoder's limit).</param>
public sealed record ScratchModelSettings(
    int Resolution,
    IReadOnlyList<int> BlockOutChannels,
    int LayersPerBlock,
    int AttentionHeads,
    int CrossAttentionDim,
    int NormNumGroups,
    int TextHiddenSize,
    int TextLayers,
    int TextHeads,
    int MaxLength,
    NoiseScheduleConfig NoiseSchedule)
{
    public void Validate()
    {
        if (CrossAttentionDim != TextHiddenSize)
        {
            throw new ArgumentException($"cross_attention_dim ({CrossAttentionDim}) must equal the text encoder's hidden_size ({TextHiddenSize}): the UNet attends to the text encoder's outputs");
        }
        if (BlockOutChannels.Count == 0)
        {
            throw new ArgumentException("block_out_channels needs at least one level");
        }
        var bad = BlockOutChannels.Where(c => c % NormNumGroups != 0 || c % AttentionHeads != 0).ToList();
        if (bad.Count > 0)
        {
            throw new ArgumentException($"block_out_channels {string.Join(", ", bad)} must be divisible by norm_num_groups ({NormNumGroups}) and by attention_head_dim ({AttentionHeads})");
        }
        if (TextHiddenSize % TextHeads != 0)
        {
            throw new ArgumentException($"text_encoder hidden_size {TextHiddenSize} is not divisible by heads {TextHeads}");
        }
        int factor = 1 << (BlockOutChannels.Count - 1);
        if (Resolution % factor != 0)
        {
            throw new ArgumentException($"resolution {Resolution} must be divisible by 2^(levels - 1) = {factor}");
        }
    }
}
