using Toolchain.Diffusion.Schedulers;

namespace Toolchain.Diffusion.Checkpoints;

/// <summary>
/// The shape of a text-to-image model built from scratch: a pixel-space UNet at <see cref="Resolution"/>
/// (3 channels, no VAE) and a small CLIP-style text encoder over the full CLIP vocabulary.
/// </summary>
/// <param name="AttentionHeads">Attention heads per level (the SD 1.x meaning of diffusers' attention_head_dim).</param>
/// <param name="CrossAttentionDim">Width of the text embeddings; must equal <paramref name="TextHiddenSize"/>.</param>
/// <param name="MaxLength">Tokens per prompt including start and end tokens (the tokenizer's and text encoder's limit).</param>
/// <param name="DownBlockTypes">diffusers' down block type per level (the up blocks mirror them), or null for the
/// default: no attention at full resolution, cross-attention at every lower level.</param>
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
    NoiseScheduleConfig NoiseSchedule,
    IReadOnlyList<string>? DownBlockTypes = null)
{
    /// <summary>The down block type of every level, the default filled in.</summary>
    public IReadOnlyList<string> ResolvedDownBlockTypes => DownBlockTypes ?? Enumerable.Range(0, BlockOutChannels.Count)
        // One level only: it must attend to the text, or prompts could steer nothing but the middle block.
        .Select(i => i == 0 && BlockOutChannels.Count > 1 ? Models.Unet.UNet2DConditionConfig.DownBlock : Models.Unet.UNet2DConditionConfig.CrossAttnDownBlock)
        .ToList();

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
        if (DownBlockTypes is not null)
        {
            if (DownBlockTypes.Count != BlockOutChannels.Count)
            {
                throw new ArgumentException($"down_block_types has {DownBlockTypes.Count} entries for {BlockOutChannels.Count} levels of block_out_channels");
            }
            var unknown = DownBlockTypes.Where(t => t is not (Models.Unet.UNet2DConditionConfig.DownBlock or Models.Unet.UNet2DConditionConfig.CrossAttnDownBlock)).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException($"down_block_types: unknown block type {string.Join(", ", unknown)} (use {Models.Unet.UNet2DConditionConfig.DownBlock} or {Models.Unet.UNet2DConditionConfig.CrossAttnDownBlock})");
            }
        }
        int factor = 1 << (BlockOutChannels.Count - 1);
        if (Resolution % factor != 0)
        {
            throw new ArgumentException($"resolution {Resolution} must be divisible by 2^(levels - 1) = {factor}");
        }
    }
}
