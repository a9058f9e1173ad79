namespace Toolchain.Diffusion.Models.Unet;

/// <summary>UNet configurations the toolchain ships with.</summary>
public static class UNetPresets
{
    /// <summary>
    /// A small UNet trainable from scratch on 2 CPU cores at 32x32: three levels (32, 64, 64 channels),
    /// one resnet per level, self/cross-attention only at the 16x16 and 8x8 levels (full-resolution
    /// attention would dominate the cost), 4 heads, 64-wide text embeddings.
    /// </summary>
    public static UNet2DConditionConfig TinyCpu { get; } = new()
    {
        SampleSize = 32,
        InChannels = 3,
        OutChannels = 3,
        DownBlockTypes = [UNet2DConditionConfig.DownBlock, UNet2DConditionConfig.CrossAttnDownBlock, UNet2DConditionConfig.CrossAttnDownBlock],
        MidBlockType = UNet2DConditionConfig.CrossAttnMidBlock,
        UpBlockTypes = [UNet2DConditionConfig.CrossAttnUpBlock, UNet2DConditionConfig.CrossAttnUpBlock, UNet2DConditionConfig.UpBlock],
        BlockOutChannels = [32, 64, 64],
        LayersPerBlock = [1, 1, 1],
        NormNumGroups = 32,
        CrossAttentionDim = 64,
        TransformerLayersPerBlock = [1, 1, 1],
        AttentionHeadDim = [4, 4, 4],
        UseLinearProjection = true,
    };
}
