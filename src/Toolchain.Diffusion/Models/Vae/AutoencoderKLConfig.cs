using Toolchain.Diffusion.Checkpoints;

namespace Toolchain.Diffusion.Models.Vae;

/// <summary>diffusers 0.25 <c>AutoencoderKL</c> configuration (the Stable Diffusion VAE family).</summary>
public sealed record AutoencoderKLConfig
{
    public const string ClassName = "AutoencoderKL";
    public const string DownEncoderBlock = "DownEncoderBlock2D";
    public const string UpDecoderBlock = "UpDecoderBlock2D";

    public int InChannels { get; init; } = 3;
    public int OutChannels { get; init; } = 3;
    public required IReadOnlyList<string> DownBlockTypes { get; init; }
    public required IReadOnlyList<string> UpBlockTypes { get; init; }
    public required IReadOnlyList<int> BlockOutChannels { get; init; }
    public int LayersPerBlock { get; init; } = 1;
    public int LatentChannels { get; init; } = 4;
    public int NormNumGroups { get; init; } = 32;
    public int SampleSize { get; init; } = 32;
    /// <summary>Latents are multiplied by this before the UNet sees them (0.18215 for SD 1.x).</summary>
    public double ScalingFactor { get; init; } = 0.18215;
    /// <summary>Only affects fp16 inference in diffusers; kept so configs round-trip.</summary>
    public bool ForceUpcast { get; init; } = true;

    public static AutoencoderKLConfig Load(string configPath) => Parse(ConfigReader.Load(configPath));

    public static AutoencoderKLConfig FromJson(string json, string source = "config.json") => Parse(ConfigReader.Parse(json, source));

    public static AutoencoderKLConfig Parse(ConfigReader reader)
    {
        if (reader.ClassName is { } name && name != ClassName)
        {
            throw reader.Error("_class_name", $"is {name}, expected {ClassName}");
        }
        var config = new AutoencoderKLConfig
        {
            InChannels = reader.Int("in_channels", 3),
            OutChannels = reader.Int("out_channels", 3),
            DownBlockTypes = reader.StringList("down_block_types"),
            UpBlockTypes = reader.StringList("up_block_types"),
            BlockOutChannels = reader.IntList("block_out_channels"),
            LayersPerBlock = reader.Int("layers_per_block", 1),
            LatentChannels = reader.Int("latent_channels", 4),
            NormNumGroups = reader.Int("norm_num_groups", 32),
            SampleSize = reader.Int("sample_size", 32),
            ScalingFactor = reader.Double("scaling_factor", 0.18215),
            ForceUpcast = reader.Bool("force_upcast", true),
        };
        reader.RequireOneOf("act_fn", "silu");
        reader.RequireOneOf("mid_block_add_attention", true, null);
        reader.RequireOneOf("latents_mean", (object?)null);
        reader.RequireOneOf("latents_std", (object?)null);
        reader.RequireOneOf("shift_factor", (object?)null);
        reader.RequireOneOf("use_quant_conv", true, null);
        reader.RequireOneOf("use_post_quant_conv", true, null);
        reader.RejectUnknownFields();
        config.Validate(reader.Source);
        return config;
    }

    public void Validate(string source = "AutoencoderKLConfig")
    {
        void Fail(string field, string problem) => throw new ModelConfigError($"{source}: field '{field}' {problem}");
        int blocks = BlockOutChannels.Count;
        ModelConfigLimits.Check(source, "norm_num_groups", NormNumGroups, ModelConfigLimits.MaxGroups);
        ModelConfigLimits.Check(source, "block_out_channels", blocks, ModelConfigLimits.MaxBlocks, "entries");
        ModelConfigLimits.CheckEach(source, "block_out_channels", BlockOutChannels, ModelConfigLimits.MaxChannels);
        ModelConfigLimits.Check(source, "layers_per_block", LayersPerBlock, ModelConfigLimits.MaxLayers);
        ModelConfigLimits.Check(source, "latent_channels", LatentChannels, ModelConfigLimits.MaxIoChannels);
        ModelConfigLimits.Check(source, "in_channels", InChannels, ModelConfigLimits.MaxIoChannels);
        ModelConfigLimits.Check(source, "out_channels", OutChannels, ModelConfigLimits.MaxIoChannels);
        if (blocks == 0 || DownBlockTypes.Count != blocks || UpBlockTypes.Count != blocks)
        {
            Fail("block_out_channels", "down_block_types and up_block_types must have the same non-zero length");
        }
        if (DownBlockTypes.Any(t => t != DownEncoderBlock))
        {
            Fail("down_block_types", $"may only contain {DownEncoderBlock}");
        }
        if (UpBlockTypes.Any(t => t != UpDecoderBlock))
        {
            Fail("up_block_types", $"may only contain {UpDecoderBlock}");
        }
        if (BlockOutChannels.Any(c => c <= 0 || c % NormNumGroups != 0))
        {
            Fail("block_out_channels", $"entries must be positive multiples of norm_num_groups {NormNumGroups}");
        }
        if (LayersPerBlock <= 0 || LatentChannels <= 0)
        {
            Fail("layers_per_block", "and latent_channels must be positive");
        }
    }

    public string ToJson() =>
        new ConfigWriter(ClassName)
            .Add("in_channels", InChannels)
            .Add("out_channels", OutChannels)
            .Add("down_block_types", DownBlockTypes)
            .Add("up_block_types", UpBlockTypes)
            .Add("block_out_channels", BlockOutChannels)
            .Add("layers_per_block", LayersPerBlock)
            .Add("act_fn", "silu")
            .Add("latent_channels", LatentChannels)
            .Add("norm_num_groups", NormNumGroups)
            .Add("sample_size", SampleSize)
            .Add("scaling_factor", ScalingFactor)
            .Add("force_upcast", ForceUpcast)
            .ToJson();
}
