using System.Text.Json.Nodes;
using Toolchain.Specs.Schema;

namespace Toolchain.Specs.Stages;

/// <summary>refine: policy-gradient RL (DDPO, optionally GRPO-style groups and a KL term) on LoRA adapters.</summary>
public static class RefineStageSchema
{
    public static MapSchema RewardWeights() =>
        new(new FloatSchema(0, null), RewardNames.All, minEntries: 1);

    public static ObjectSchema Build() => new ObjectSchema()
        .Default("algorithm", new EnumSchema("ddpo", "grpo", "draft"), "ddpo", "`ddpo`: per-prompt running reward statistics; `grpo`: advantages within groups of images of one prompt; `draft`: DRaFT-K, backpropagating the differentiable reward (the classifier's log-likelihood of the prompt's labels) through the last `pathwise.backprop_steps` denoising steps of refine's sampler (any eta, 0 included), one optimizer step per `batch_size` images. `draft` ignores the policy-gradient keys (clip_range, adv_clip_max, timestep_fraction, updates_per_epoch, stat_tracking, group_size, kl_beta, early_stopping).")
        .Default("epochs", new IntSchema(1, 100_000), 50, "RL epochs (sampling plus updates); with phases, the sum of the phases' epochs.")
        .Default("samples_per_epoch", new IntSchema(1, 1_000_000), 256, "Images sampled per epoch.")
        .Default("batch_size", new IntSchema(1, 4096), 8, "Images per sampling / training forward pass; divides samples_per_epoch.")
        .Default("group_size", new IntSchema(2, 1024), 8, "Images per prompt in one epoch (grpo only); divides samples_per_epoch.")
        .Default("num_steps", new IntSchema(1, 1000), 50, "DDIM steps of the sampled chains.")
        .Default("eta", new FloatSchema(0, 1), 1.0, "DDIM eta; must be above 0 so every step is a Gaussian policy.")
        .Default("guidance_scale", new FloatSchema(0, 50), 5.0, "Classifier-free guidance scale (1 = no guidance).")
        .Default("clip_range", new FloatSchema(0, 1, minExclusive: true), 1e-4, "PPO clip range of the probability ratio.")
        .Default("adv_clip_max", new FloatSchema(0, null, minExclusive: true), 5.0, "Advantages are clamped to plus or minus this.")
        .Default("timestep_fraction", new FloatSchema(0, 1, minExclusive: true), 1.0, "Share of each chain's timesteps that are trained.")
        .Default("learning_rate", new FloatSchema(0, 1, minExclusive: true), 3e-4, "AdamW learning rate.")
        .Default("weight_decay", new FloatSchema(0, 1), 1e-4, "AdamW weight decay.")
        .Default("adam_beta1", new FloatSchema(0, 1, maxExclusive: true), 0.9, "AdamW beta1.")
        .Default("adam_beta2", new FloatSchema(0, 1, maxExclusive: true), 0.999, "AdamW beta2.")
        .Default("adam_epsilon", new FloatSchema(0, 1, minExclusive: true), 1e-8, "AdamW epsilon.")
        .Default("max_grad_norm", new FloatSchema(0, null, minExclusive: true), 1.0, "Gradient norm clip.")
        .Default("updates_per_epoch", new IntSchema(1, 1024), 2, "Optimizer steps per epoch; divides samples_per_epoch.")
        .Section("stat_tracking", new ObjectSchema()
            .Default("buffer_size", new IntSchema(1, 100_000), 32, "Rewards remembered per prompt.")
            .Default("min_count", new IntSchema(1, 100_000), 16, "Below this many, the batch's mean and std are used instead."),
            "Per-prompt reward normalisation (ddpo).")
        .Default("kl_beta", new FloatSchema(0, 10), 0.0, "Weight of the KL term to the reference model (0 = off).")
        .Section("pathwise", new ObjectSchema()
            .Default("backprop_steps", new IntSchema(1, 1000), 1, "K: the last denoising steps whose graph is kept and differentiated (DRaFT-1 keeps one; more steps reach further into the image's layout and cost memory)."),
            "DRaFT-K settings (algorithm `draft`).")
        .Section("lora", LoraSchema.Build()
                .Optional("min_timestep", new IntSchema(0, 100_000), "When set, the adapters act only at denoising timesteps t >= this (in refine, and when Sample and the RL comparison draw with them; the LoRA file records it) and the fine-tuned model alone takes the later steps; RL then trains only those early steps, which decide what the image shows. Unset: every step."),
            "Adapters trained by RL (the base weights stay frozen).")
        .Default("rewards", RewardWeights(), new JsonObject { ["classifier"] = 1.0 }, "Reward mix (name to weight) when no phases are given.")
        .Optional("phases", new ListSchema(new ObjectSchema()
                .Required("name", StringSchema.Slug(), "Phase name, unique within the stage.")
                .Required("epochs", new IntSchema(1, 100_000), "Epochs in this phase.")
                .Required("rewards", RewardWeights(), "Reward mix (name to weight) during this phase."),
                minItems: 1, uniqueField: "name"),
            "Consecutive phases with their own reward mixes (e.g. diagnosis first, then artifacts). When absent, one phase `main` runs every epoch with `rewards`.")
        .Optional("early_stopping", new ObjectSchema()
                .Required("patience", new IntSchema(1, 100_000), "Epochs without improvement of the mean reward before stopping.")
                .Default("min_delta", new FloatSchema(0, null), 0.0, "Smallest increase that counts as improvement."),
            "Stop when the mean reward stops improving; off when absent.")
        .Default("seed_offset", new IntSchema(0, int.MaxValue), 200, "Added to the dataset seed.");
}
