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
            .Default("norm_num_groups", new IntSchema(1, 64), 8, "GroupNorm groups; must divide every block_out_channels entry."),
            "UNet architecture when `base` is `scratch` (a checkpoint brings its own).")
        .Section("text_encoder", new ObjectSchema()
            .Default("hidden_size", new IntSchema(8, 4096), 64, "Width of the CLIP-style text transformer.")
            .Default("layers", new IntSchema(1, 48), 2, "Transformer layers.")
            .Default("heads", new IntSchema(1, 64), 4, "Attention heads; must divide hidden_size.")
            .Default("max_length", new IntSchema(8, 77), 77, "Tokens per prompt, start and end tokens included."),
            "Text encoder architecture when `base` is `scratch`.")
        .Default("epochs", new IntSchema(1, 100_000), 10, "Passes over the training split.")
        .Default("batch_size", new IntSchema(1, 4096), 16, "Images per optimizer step.")
        .Default("learning_rate", new FloatSchema(0, 1, minExclusive: true), 1e-4, "AdamW learning rate.")
        .Default("warmup_steps", new IntSchema(0, 1_000_000), 0, "Optimizer steps over which the learning rate rises linearly from 0 (0 = none).")
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
