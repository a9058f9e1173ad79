using System.Text.Json.Nodes;
using Toolchain.Specs.Schema;

namespace Toolchain.Specs.Stages;

/// <summary>finetune: supervised diffusion training on the prepared images (the paper's SFT base model).</summary>
public static class FinetuneStageSchema
{
    public static ObjectSchema Build() => new ObjectSchema()
        .Default("mode", new EnumSchema("full", "lora"), "full", "Train every weight, or only LoRA adapters on top of `base`.")
        .Default("base", new PathSchema("scratch"), "scratch", "`scratch` for a new model built from `unet` / `text_encoder`, or a diffusers checkpoint folder (relative to the YAML file that sets it).")
        .Default("space", new EnumSchema("pixel", "latent"), "pixel", "Diffuse in pixel space, or in the latent space of the checkpoint's VAE.")
        .Section("unet", new ObjectSchema()
            .Default("block_out_channels", new ListSchema(new IntSchema(4, 4096), minItems: 1, maxItems: 6), new JsonArray(32, 64), "Channels of each resolution level.")
            .Default("layers_per_block", new IntSchema(1, 8), 1, "ResNet layers per level.")
            .Default("attention_head_dim", new IntSchema(1, 64), 4, "Number of attention heads (Stable Diffusion 1.x meaning of this diffusers key).")
            .Default("cross_attention_dim", new IntSchema(8, 4096), 64, "Width of the text embeddings the UNet attends to; equals text_encoder.hidden_size for a scratch model.")
            .Default("norm_num_groups", new IntSchema(1, 64), 8, "GroupNorm groups; must divide every block_out_channels entry.")
            .Optional("down_block_types", new ListSchema(new EnumSchema("DownBlock2D", "CrossAttnDownBlock2D"), minItems: 1, maxItems: 6),
                "diffusers' down block type of each level (the up blocks mirror them; one entry per block_out_channels level). Attention costs most at high resolution: on a CPU, attend only at the lowest levels. Unset: no attention at the first level, cross-attention at every other."),
            "UNet architecture when `base` is `scratch` (a checkpoint brings its own).")
        .Section("text_encoder", new ObjectSchema()
            .Default("hidden_size", new IntSchema(8, 4096), 64, "Width of the CLIP-style text transformer.")
            .Default("layers", new IntSchema(1, 48), 2, "Transformer layers.")
            .Default("heads", new IntSchema(1, 64), 4, "Attention heads; must divide hidden_size.")
            .Default("max_length", new IntSchema(8, 77), 77, "Tokens per prompt, start and end tokens included.")
            .Default("train_token_embedding", new BoolSchema(), true, "Train the token embedding table. `false` keeps its random initialisation fixed: a scratch model's prompts use a few dozen of CLIP's 49,408 tokens, and the table's dense gradient and AdamW update then cost more than the rest of the text encoder; the layers and position embeddings still train."),
            "Text encoder architecture when `base` is `scratch`.")
        .Default("epochs", new IntSchema(1, 100_000), 10, "Passes over the training split (ignored when `train_steps` is set).")
        .Optional("train_steps", new IntSchema(1, 100_000_000), "Optimizer steps to train for; replaces `epochs` (the last pass over the training split stops part-way). A budget in steps stays the same when the dataset grows.")
        .Default("batch_size", new IntSchema(1, 4096), 16, "Images per optimizer step.")
        .Default("learning_rate", new FloatSchema(0, 1, minExclusive: true), 1e-4, "AdamW learning rate.")
        .Default("warmup_steps", new IntSchema(0, 1_000_000), 0, "Optimizer steps over which the learning rate rises linearly from 0 (0 = none).")
        .Default("lr_schedule", new EnumSchema("constant", "cosine"), "constant", "After the warm-up: keep the learning rate, or decay it to 0 along a half cosine over the remaining steps (diffusers' `get_cosine_schedule_with_warmup`).")
        .Optional("snr_gamma", new FloatSchema(0, 1000, minExclusive: true), "Min-SNR loss weighting (Hang et al. 2023; diffusers' `--snr_gamma`, 5 recommended): each timestep's loss is weighted by min(SNR, gamma) / SNR (epsilon) or / (SNR + 1) (v-prediction), so the many nearly noise-free timesteps stop dominating. Unset: plain MSE.")
        .Default("noise_offset", new FloatSchema(0, 1), 0.0, "Std of a per-image, per-channel constant added to the training noise (diffusers' `--noise_offset`, 0.05-0.1 typical): lets an epsilon-prediction model move an image's overall colour and brightness away from the data's average. 0 = off.")
        .Section("ema", new ObjectSchema()
            .Default("enabled", new BoolSchema(), false, "Keep an exponential moving average of the trained weights (diffusers' `EMAModel`); the average is what the stage saves and samples.")
            .Default("max_decay", new FloatSchema(0, 1, maxExclusive: true), 0.9999, "Upper bound of the decay, which follows diffusers' warm-up (1 + step) / (10 + step) until it reaches this."),
            "Weight averaging of the trained UNet and text encoder.")
        .Default("prompt_dropout", new FloatSchema(0, 1, maxExclusive: true), 0.1, "Share of training prompts replaced by the empty prompt, so the model learns the unconditional prediction classifier-free guidance needs.")
        .Section("noise", new ObjectSchema()
            .Default("train_timesteps", new IntSchema(10, 10_000), 1000, "Length of the forward noising chain.")
            .Default("beta_schedule", new EnumSchema("scaled_linear", "linear"), "scaled_linear", "How betas grow from beta_start to beta_end.")
            .Default("beta_start", new FloatSchema(0, 1, minExclusive: true, maxExclusive: true), 0.00085, "First beta.")
            .Default("beta_end", new FloatSchema(0, 1, minExclusive: true, maxExclusive: true), 0.012, "Last beta; larger than beta_start.")
            .Default("prediction_type", new EnumSchema("epsilon", "v_prediction"), "epsilon", "What the UNet predicts."),
            "Noise schedule (Stable Diffusion 1.x values by default).")
        .Section("lora", LoraSchema.Build(), "Adapters trained when mode is `lora`.")
        .Default("seed_offset", new IntSchema(0, int.MaxValue), 0, "Added to the dataset seed for this stage's generators.");
}
