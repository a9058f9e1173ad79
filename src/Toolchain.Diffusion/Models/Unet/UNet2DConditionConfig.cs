using Toolchain.Diffusion.Checkpoints;

namespace Toolchain.Diffusion.Models.Unet;

/// <summary>
/// The subset of diffusers 0.25 <c>UNet2DConditionModel</c> configuration that Stable Diffusion 1.x/2.x
/// checkpoints use, with per-block values resolved to one entry per down block. Anything else
/// (class embeddings, dual cross-attention, other time embeddings...) is rejected when parsing.
/// </summary>
public sealed record UNet2DConditionConfig
{
    public const string ClassName = "UNet2DConditionModel";
    public const string CrossAttnDownBlock = "CrossAttnDownBlock2D";
    public const string DownBlock = "DownBlock2D";
    public const string CrossAttnUpBlock = "CrossAttnUpBlock2D";
    public const string UpBlock = "UpBlock2D";
    public const string CrossAttnMidBlock = "UNetMidBlock2DCrossAttn";

    public int SampleSize { get; init; } = 64;
    public int InChannels { get; init; } = 4;
    public int OutChannels { get; init; } = 4;
    public bool CenterInputSample { get; init; }
    public bool FlipSinToCos { get; init; } = true;
    public int FreqShift { get; init; }
    public required IReadOnlyList<string> DownBlockTypes { get; init; }
    public string? MidBlockType { get; init; } = CrossAttnMidBlock;
    public required IReadOnlyList<string> UpBlockTypes { get; init; }
    public required IReadOnlyList<int> BlockOutChannels { get; init; }
    /// <summary>Resnets per down block (up blocks have one more), per down block.</summary>
    public required IReadOnlyList<int> LayersPerBlock { get; init; }
    public int DownsamplePadding { get; init; } = 1;
    public int NormNumGroups { get; init; } = 32;
    public double NormEps { get; init; } = 1e-5;
    public int CrossAttentionDim { get; init; } = 768;
    public required IReadOnlyList<int> TransformerLayersPerBlock { get; init; }
    /// <summary>As written in config.json; in SD 1.x it holds the number of heads (diffusers' naming accident).</summary>
    public required IReadOnlyList<int> AttentionHeadDim { get; init; }
    public IReadOnlyList<int>? NumAttentionHeads { get; init; }
    public bool UseLinearProjection { get; init; }
    /// <summary>Only changes fp16 numerics; fp32 attention is already exact. Kept so configs round-trip.</summary>
    public bool UpcastAttention { get; init; }
    public int ConvInKernel { get; init; } = 3;
    public int ConvOutKernel { get; init; } = 3;
    public int? TimeEmbeddingDim { get; init; }

    /// <summary>Heads per down block: diffusers uses <c>num_attention_heads or attention_head_dim</c>.</summary>
    public IReadOnlyList<int> HeadsPerBlock => NumAttentionHeads ?? AttentionHeadDim;

    public int TimeEmbedChannels => TimeEmbeddingDim ?? BlockOutChannels[0] * 4;

    public static UNet2DConditionConfig Load(string configPath) => Parse(ConfigReader.Load(configPath));

    public static UNet2DConditionConfig FromJson(string json, string source = "config.json") => Parse(ConfigReader.Parse(json, source));

    public static UNet2DConditionConfig Parse(ConfigReader reader)
    {
        if (reader.ClassName is { } name && name != ClassName)
        {
            throw reader.Error("_class_name", $"is {name}, expected {ClassName}");
        }
        var down = reader.StringList("down_block_types");
        var up = reader.StringList("up_block_types");
        var channels = reader.IntList("block_out_channels");
        int blocks = down.Length;
        if (blocks == 0 || channels.Length != blocks || up.Length != blocks)
        {
            throw reader.Error("block_out_channels", $"down_block_types ({down.Length}), up_block_types ({up.Length}) and block_out_channels ({channels.Length}) must have the same non-zero length");
        }
        foreach (var type in down.Where(t => t is not (CrossAttnDownBlock or DownBlock)))
        {
            throw reader.Error("down_block_types", $"contains {type}; supported: {CrossAttnDownBlock}, {DownBlock}");
        }
        foreach (var type in up.Where(t => t is not (CrossAttnUpBlock or UpBlock)))
        {
            throw reader.Error("up_block_types", $"contains {type}; supported: {UpBlock}, {CrossAttnUpBlock}");
        }
        var mid = reader.OptionalString("mid_block_type");
        if (mid is not null and not CrossAttnMidBlock)
        {
            throw reader.Error("mid_block_type", $"is {mid}; supported: {CrossAttnMidBlock} or null");
        }
        var attentionHeadDim = reader.PerBlock("attention_head_dim", blocks, fallback: 8)!;
        var numHeads = reader.PerBlock("num_attention_heads", blocks);
        var crossAttentionDims = reader.PerBlock("cross_attention_dim", blocks, fallback: 1280)!;
        if (crossAttentionDims.Distinct().Count() != 1)
        {
            throw reader.Error("cross_attention_dim", "differs between blocks; only one text-embedding width is supported");
        }

        var config = new UNet2DConditionConfig
        {
            SampleSize = reader.Int("sample_size", 64),
            InChannels = reader.Int("in_channels", 4),
            OutChannels = reader.Int("out_channels", 4),
            CenterInputSample = reader.Bool("center_input_sample", false),
            FlipSinToCos = reader.Bool("flip_sin_to_cos", true),
            FreqShift = reader.Int("freq_shift", 0),
            DownBlockTypes = down,
            MidBlockType = mid,
            UpBlockTypes = up,
            BlockOutChannels = channels,
            LayersPerBlock = reader.PerBlock("layers_per_block", blocks, fallback: 2)!,
            DownsamplePadding = reader.Int("downsample_padding", 1),
            NormNumGroups = reader.Int("norm_num_groups", 32),
            NormEps = reader.Double("norm_eps", 1e-5),
            CrossAttentionDim = crossAttentionDims[0],
            TransformerLayersPerBlock = reader.PerBlock("transformer_layers_per_block", blocks, fallback: 1)!,
            AttentionHeadDim = attentionHeadDim,
            NumAttentionHeads = numHeads,
            UseLinearProjection = reader.Bool("use_linear_projection", false),
            UpcastAttention = reader.Bool("upcast_attention", false),
            ConvInKernel = reader.Int("conv_in_kernel", 3),
            ConvOutKernel = reader.Int("conv_out_kernel", 3),
            TimeEmbeddingDim = reader.OptionalInt("time_embedding_dim"),
        };

        // Behaviour this engine does not implement must stay at the value that disables it.
        reader.RequireOneOf("act_fn", "silu");
        reader.RequireOneOf("mid_block_scale_factor", 1.0);
        reader.RequireOneOf("dropout", 0.0);
        reader.RequireOneOf("only_cross_attention", false, null);
        reader.RequireOneOf("dual_cross_attention", false, null);
        reader.RequireOneOf("class_embed_type", (object?)null);
        reader.RequireOneOf("num_class_embeds", (object?)null);
        reader.RequireOneOf("addition_embed_type", (object?)null);
        reader.RequireOneOf("addition_time_embed_dim", (object?)null);
        reader.RequireOneOf("encoder_hid_dim", (object?)null);
        reader.RequireOneOf("encoder_hid_dim_type", (object?)null);
        reader.RequireOneOf("reverse_transformer_layers_per_block", (object?)null);
        reader.RequireOneOf("resnet_time_scale_shift", "default", null);
        reader.RequireOneOf("resnet_skip_time_act", false, null);
        reader.RequireOneOf("resnet_out_scale_factor", 1.0, null);
        reader.RequireOneOf("time_embedding_type", "positional", null);
        reader.RequireOneOf("time_embedding_act_fn", (object?)null);
        reader.RequireOneOf("timestep_post_act", (object?)null);
        reader.RequireOneOf("time_cond_proj_dim", (object?)null);
        reader.RequireOneOf("projection_class_embeddings_input_dim", (object?)null);
        reader.RequireOneOf("attention_type", "default", null);
        reader.RequireOneOf("class_embeddings_concat", false, null);
        reader.RequireOneOf("mid_block_only_cross_attention", false, null);
        reader.RequireOneOf("cross_attention_norm", (object?)null);
        reader.Int("addition_embed_type_num_heads", 64); // only read by addition embeddings, which are rejected above
        reader.RejectUnknownFields();
        config.Validate(reader.Source);
        return config;
    }

    /// <summary>Checks the structural constraints the network construction relies on.</summary>
    public void Validate(string source = "UNet2DConditionConfig")
    {
        void Fail(string field, string problem) => throw new ModelConfigError($"{source}: field '{field}' {problem}");
        int blocks = DownBlockTypes.Count;
        // Bounds first: every check below divides by norm_num_groups, and the network allocates what these ask for.
        ModelConfigLimits.Check(source, "norm_num_groups", NormNumGroups, ModelConfigLimits.MaxGroups);
        ModelConfigLimits.Check(source, "down_block_types", blocks, ModelConfigLimits.MaxBlocks, "entries");
        ModelConfigLimits.CheckEach(source, "block_out_channels", BlockOutChannels, ModelConfigLimits.MaxChannels);
        ModelConfigLimits.CheckEach(source, "layers_per_block", LayersPerBlock, ModelConfigLimits.MaxLayers);
        ModelConfigLimits.CheckEach(source, "transformer_layers_per_block", TransformerLayersPerBlock, ModelConfigLimits.MaxLayers);
        ModelConfigLimits.Check(source, "cross_attention_dim", CrossAttentionDim, ModelConfigLimits.MaxChannels);
        ModelConfigLimits.Check(source, "in_channels", InChannels, ModelConfigLimits.MaxIoChannels);
        ModelConfigLimits.Check(source, "out_channels", OutChannels, ModelConfigLimits.MaxIoChannels);
        ModelConfigLimits.Check(source, "conv_in_kernel", ConvInKernel, ModelConfigLimits.MaxKernel);
        ModelConfigLimits.Check(source, "conv_out_kernel", ConvOutKernel, ModelConfigLimits.MaxKernel);
        if (UpBlockTypes.Count != blocks || BlockOutChannels.Count != blocks || LayersPerBlock.Count != blocks
            || TransformerLayersPerBlock.Count != blocks || AttentionHeadDim.Count != blocks || (NumAttentionHeads?.Count ?? blocks) != blocks)
        {
            Fail("down_block_types", "and every per-block list must have one entry per block");
        }
        var heads = HeadsPerBlock;
        for (int i = 0; i < blocks; i++)
        {
            if (BlockOutChannels[i] <= 0 || BlockOutChannels[i] % NormNumGroups != 0)
            {
                Fail("block_out_channels", $"entry {BlockOutChannels[i]} must be a positive multiple of norm_num_groups {NormNumGroups}");
            }
            if (heads[i] <= 0 || BlockOutChannels[i] % heads[i] != 0)
            {
                Fail(NumAttentionHeads is null ? "attention_head_dim" : "num_attention_heads", $"entry {heads[i]} must divide the block's {BlockOutChannels[i]} channels");
            }
            if (LayersPerBlock[i] <= 0 || TransformerLayersPerBlock[i] <= 0)
            {
                Fail("layers_per_block", "and transformer_layers_per_block must be positive");
            }
        }
        if (ConvInKernel % 2 == 0 || ConvOutKernel % 2 == 0)
        {
            Fail("conv_in_kernel", "and conv_out_kernel must be odd");
        }
        if (CrossAttentionDim <= 0 || InChannels <= 0 || OutChannels <= 0)
        {
            Fail("cross_attention_dim", "in_channels and out_channels must be positive");
        }
    }

    /// <summary>config.json text as diffusers writes it (every field, keys sorted), deterministic.</summary>
    public string ToJson()
    {
        var heads = HeadsPerBlock;
        var writer = new ConfigWriter(ClassName)
            .Add("sample_size", SampleSize)
            .Add("in_channels", InChannels)
            .Add("out_channels", OutChannels)
            .Add("center_input_sample", CenterInputSample)
            .Add("flip_sin_to_cos", FlipSinToCos)
            .Add("freq_shift", FreqShift)
            .Add("down_block_types", DownBlockTypes)
            .Add("mid_block_type", MidBlockType)
            .Add("up_block_types", UpBlockTypes)
            .Add("only_cross_attention", false)
            .Add("block_out_channels", BlockOutChannels)
            .AddPerBlock("layers_per_block", LayersPerBlock)
            .Add("downsample_padding", DownsamplePadding)
            .Add("mid_block_scale_factor", 1.0)
            .Add("dropout", 0.0)
            .Add("act_fn", "silu")
            .Add("norm_num_groups", NormNumGroups)
            .Add("norm_eps", NormEps)
            .Add("cross_attention_dim", CrossAttentionDim)
            .AddPerBlock("transformer_layers_per_block", TransformerLayersPerBlock)
            .AddNull("reverse_transformer_layers_per_block")
            .AddNull("encoder_hid_dim")
            .AddNull("encoder_hid_dim_type")
            .AddPerBlock("attention_head_dim", AttentionHeadDim)
            .Add("dual_cross_attention", false)
            .Add("use_linear_projection", UseLinearProjection)
            .AddNull("class_embed_type")
            .AddNull("addition_embed_type")
            .AddNull("addition_time_embed_dim")
            .AddNull("num_class_embeds")
            .Add("upcast_attention", UpcastAttention)
            .Add("resnet_time_scale_shift", "default")
            .Add("resnet_skip_time_act", false)
            .Add("resnet_out_scale_factor", 1.0)
            .Add("time_embedding_type", "positional")
            .AddOptional("time_embedding_dim", TimeEmbeddingDim)
            .AddNull("time_embedding_act_fn")
            .AddNull("timestep_post_act")
            .AddNull("time_cond_proj_dim")
            .Add("conv_in_kernel", ConvInKernel)
            .Add("conv_out_kernel", ConvOutKernel)
            .AddNull("projection_class_embeddings_input_dim")
            .Add("attention_type", "default")
            .Add("class_embeddings_concat", false)
            .AddNull("mid_block_only_cross_attention")
            .AddNull("cross_attention_norm")
            .Add("addition_embed_type_num_heads", 64);
        if (NumAttentionHeads is null)
        {
            writer.AddNull("num_attention_heads");
        }
        else
        {
            writer.AddPerBlock("num_attention_heads", heads);
        }
        return writer.ToJson();
    }
}
