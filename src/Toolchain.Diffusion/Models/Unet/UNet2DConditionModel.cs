using Toolchain.Diffusion.Models.Blocks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Models.Unet;

/// <summary>
/// The Stable Diffusion noise-prediction network, diffusers 0.25 <c>UNet2DConditionModel</c> restricted to the
/// options SD 1.x/2.x use. Field names equal diffusers' parameter names, so a diffusers state dict loads by name.
/// Works for any number of levels and for non-square inputs (upsampling follows the skip sizes).
/// </summary>
public sealed class UNet2DConditionModel : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // state-dict names must match diffusers
    public readonly Conv2d conv_in;
    public readonly TimestepEmbedding time_embedding;
    public readonly ModuleList<UNetDownBlock> down_blocks = new();
    public readonly UNetMidBlock2DCrossAttn? mid_block;
    public readonly ModuleList<UNetUpBlock> up_blocks = new();
    public readonly GroupNorm conv_norm_out;
    public readonly Conv2d conv_out;
#pragma warning restore IDE1006
    private readonly SinusoidalTimesteps timeProjection;

    /// <param name="generator">Source of the initial weights (PyTorch's initialisers); seed it for reproducible training from scratch.</param>
    public UNet2DConditionModel(UNet2DConditionConfig config, Generator generator)
        : base(nameof(UNet2DConditionModel))
    {
        config.Validate();
        Config = config;
        var channels = config.BlockOutChannels;
        int blocks = channels.Count;

        conv_in = LayerFactory.Conv2d(generator, config.InChannels, channels[0], config.ConvInKernel, padding: (config.ConvInKernel - 1) / 2);
        timeProjection = new SinusoidalTimesteps(channels[0], config.FlipSinToCos, config.FreqShift);
        time_embedding = new TimestepEmbedding(generator, channels[0], config.TimeEmbedChannels);

        long output = channels[0];
        for (int i = 0; i < blocks; i++)
        {
            long input = output;
            output = channels[i];
            bool isFinal = i == blocks - 1;
            down_blocks.Add(config.DownBlockTypes[i] == UNet2DConditionConfig.CrossAttnDownBlock
                ? new CrossAttnDownBlock2D(generator, config, i, input, output, addDownsample: !isFinal)
                : new DownBlock2D(generator, config, i, input, output, addDownsample: !isFinal));
        }

        if (config.MidBlockType is not null)
        {
            mid_block = new UNetMidBlock2DCrossAttn(generator, config, channels[^1]);
        }

        var reversed = channels.Reverse().ToArray();
        output = reversed[0];
        for (int i = 0; i < blocks; i++)
        {
            bool isFinal = i == blocks - 1;
            long previous = output;
            output = reversed[i];
            long input = reversed[Math.Min(i + 1, blocks - 1)];
            int layers = config.LayersPerBlock[blocks - 1 - i] + 1;
            up_blocks.Add(config.UpBlockTypes[i] == UNet2DConditionConfig.CrossAttnUpBlock
                ? new CrossAttnUpBlock2D(generator, config, i, layers, input, previous, output, addUpsample: !isFinal)
                : new UpBlock2D(generator, config, layers, input, previous, output, addUpsample: !isFinal));
        }

        conv_norm_out = LayerFactory.GroupNorm(config.NormNumGroups, channels[0], config.NormEps);
        conv_out = LayerFactory.Conv2d(generator, channels[0], config.OutChannels, config.ConvOutKernel, padding: (config.ConvOutKernel - 1) / 2);
        RegisterComponents();
    }

    public UNet2DConditionConfig Config { get; }

    /// <param name="sample">Noisy latents (B, in_channels, H, W).</param>
    /// <param name="timestep">A scalar or (B) timesteps, any numeric dtype.</param>
    /// <param name="encoderHiddenStates">Text embeddings (B, tokens, cross_attention_dim).</param>
    /// <returns>The predicted noise (or v), (B, out_channels, H, W).</returns>
    public override Tensor forward(Tensor sample, Tensor timestep, Tensor encoderHiddenStates)
    {
        long batch = sample.shape[0];
        var timesteps = timestep.dim() == 0 ? timestep.reshape(1) : timestep;
        timesteps = timesteps.to(sample.device).expand(batch);
        var timeEmbedding = time_embedding.call(timeProjection.Embed(timesteps).to_type(sample.dtype));

        var hidden = Config.CenterInputSample ? 2 * sample - 1.0 : sample;
        hidden = conv_in.call(hidden);
        var skips = new List<Tensor> { hidden };
        foreach (var block in down_blocks)
        {
            hidden = block.Forward(hidden, timeEmbedding, encoderHiddenStates, skips);
        }
        if (mid_block is not null)
        {
            hidden = mid_block.call(hidden, timeEmbedding, encoderHiddenStates);
        }
        for (int i = 0; i < up_blocks.Count; i++)
        {
            var block = up_blocks[i];
            bool isFinal = i == up_blocks.Count - 1;
            // Upsample to the size of the skip the next block meets first, so odd sizes round-trip.
            long[]? upsampleSize = isFinal ? null : skips[skips.Count - block.SkipCount - 1].shape[2..];
            hidden = block.Forward(hidden, timeEmbedding, encoderHiddenStates, skips, upsampleSize);
        }
        hidden = nn.functional.silu(conv_norm_out.call(hidden));
        return conv_out.call(hidden);
    }
}
