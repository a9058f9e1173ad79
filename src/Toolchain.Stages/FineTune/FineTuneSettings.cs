using System.Text.Json.Nodes;
using Toolchain.Core;
using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Lora;
using Toolchain.Diffusion.Schedulers;
using Toolchain.Diffusion.Training;
using Toolchain.Specs.Loading;

namespace Toolchain.Stages.FineTune;

/// <summary>The finetune stage's settings (FinetuneStageSchema), typed and cross-checked.</summary>
public sealed record FineTuneSettings(
    bool Lora,
    string? BasePath,
    bool LatentSpace,
    int Epochs,
    int? TrainSteps,
    int BatchSize,
    DiffusionTrainingOptions Training,
    NoiseScheduleConfig Noise,
    LoraConfig LoraConfig,
    long Seed,
    JsonObject Raw)
{
    public bool FromScratch => BasePath is null;

    /// <summary>Passes over <paramref name="pairs"/> training pairs: `epochs`, or as many as `train_steps` needs.</summary>
    public int EpochsFor(int pairs)
    {
        int perEpoch = StepsPerEpoch(pairs);
        return TrainSteps is { } steps ? (steps + perEpoch - 1) / perEpoch : Epochs;
    }

    /// <summary>Optimizer steps the whole run takes on <paramref name="pairs"/> training pairs.</summary>
    public long TotalSteps(int pairs) => TrainSteps ?? (long)Epochs * StepsPerEpoch(pairs);

    private int StepsPerEpoch(int pairs)
    {
        int batch = Math.Min(BatchSize, pairs);
        return (pairs + batch - 1) / batch;
    }

    public static FineTuneSettings Read(ResolvedSpec spec, ResolvedStage stage)
    {
        var s = stage.Settings;
        bool lora = SettingValues.Text(s, "mode") == "lora";
        string? basePath = SettingValues.Text(s, "base") == "scratch" ? null : stage.ResolvePath("base");
        bool latent = SettingValues.Text(s, "space") == "latent";
        if (basePath is null && lora)
        {
            throw new ToolchainError("stages.finetune: mode 'lora' trains adapters over a checkpoint; with base 'scratch' use mode 'full'", exitCode: 2);
        }
        if (basePath is null && latent)
        {
            throw new ToolchainError("stages.finetune: space 'latent' needs a checkpoint with a VAE; a model from scratch (base 'scratch') diffuses pixels", exitCode: 2);
        }
        var noise = new NoiseScheduleConfig
        {
            NumTrainTimesteps = SettingValues.Int(s, "noise.train_timesteps"),
            BetaSchedule = SettingValues.Text(s, "noise.beta_schedule"),
            BetaStart = SettingValues.Number(s, "noise.beta_start"),
            BetaEnd = SettingValues.Number(s, "noise.beta_end"),
            PredictionType = SettingValues.Text(s, "noise.prediction_type"),
            // Pixel-space samples live in [-1, 1]: clipping the x0 estimate there is diffusers' DDPM/DDIM default.
            ClipSample = !latent,
            SetAlphaToOne = false,
            StepsOffset = 1,
        };
        if (noise.BetaEnd <= noise.BetaStart)
        {
            throw new ToolchainError($"stages.finetune.noise: beta_end ({noise.BetaEnd}) must be larger than beta_start ({noise.BetaStart})", exitCode: 2);
        }
        var training = new DiffusionTrainingOptions(
            LearningRate: SettingValues.Number(s, "learning_rate"),
            WarmupSteps: SettingValues.Int(s, "warmup_steps"),
            PromptDropout: SettingValues.Number(s, "prompt_dropout"),
            TrainTextEncoder: basePath is null,
            Schedule: SettingValues.Text(s, "lr_schedule") == "cosine" ? LearningRateSchedule.Cosine : LearningRateSchedule.Constant,
            SnrGamma: SettingValues.Find(s, "snr_gamma") is null ? null : SettingValues.Number(s, "snr_gamma"),
            EmaMaxDecay: SettingValues.Flag(s, "ema.enabled") ? SettingValues.Number(s, "ema.max_decay") : null,
            TrainTokenEmbedding: SettingValues.Flag(s, "text_encoder.train_token_embedding"),
            NoiseOffset: SettingValues.Number(s, "noise_offset"));
        var loraConfig = new LoraConfig
        {
            Rank = SettingValues.Int(s, "lora.rank"),
            Alpha = SettingValues.Number(s, "lora.alpha"),
            Dropout = SettingValues.Number(s, "lora.dropout"),
            TargetModules = SettingValues.Texts(s, "lora.target_modules"),
        };
        int? trainSteps = SettingValues.Find(s, "train_steps") is null ? null : SettingValues.Int(s, "train_steps");
        return new FineTuneSettings(lora, basePath, latent, SettingValues.Int(s, "epochs"), trainSteps, SettingValues.Int(s, "batch_size"),
            training, noise, loraConfig, spec.Dataset.Seed + SettingValues.Int(s, "seed_offset"), s);
    }

    /// <summary>The architecture of a scratch model at the prepared images' resolution.</summary>
    public ScratchModelSettings Scratch(int resolution)
    {
        var s = Raw;
        var scratch = new ScratchModelSettings(
            resolution,
            SettingValues.Ints(s, "unet.block_out_channels"),
            SettingValues.Int(s, "unet.layers_per_block"),
            SettingValues.Int(s, "unet.attention_head_dim"),
            SettingValues.Int(s, "unet.cross_attention_dim"),
            SettingValues.Int(s, "unet.norm_num_groups"),
            SettingValues.Int(s, "text_encoder.hidden_size"),
            SettingValues.Int(s, "text_encoder.layers"),
            SettingValues.Int(s, "text_encoder.heads"),
            SettingValues.Int(s, "text_encoder.max_length"),
            Noise,
            SettingValues.Find(s, "unet.down_block_types") is null ? null : SettingValues.Texts(s, "unet.down_block_types"));
        try
        {
            scratch.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ToolchainError($"stages.finetune: {e.Message}", exitCode: 2);
        }
        return scratch;
    }
}
