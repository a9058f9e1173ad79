using Toolchain.Specs.Schema;

namespace Toolchain.Specs.Stages;

/// <summary>train_reward: the reward models refine optimises, and the held-out judge that evaluate trusts.</summary>
public static class TrainRewardStageSchema
{
    private const string HeadWeightingHelp =
        "`balanced` weighs each head's positives by negatives / positives on the split it is trained on, so rare artifacts are not learnt as always absent; `none` is plain binary cross-entropy.";

    public static ObjectSchema Build() => new ObjectSchema()
        .Section("classifier", new ObjectSchema()
            .Default("backbone", new EnumSchema("small-cnn", "resnet-tiny"), "small-cnn", "Classifier architecture.")
            .Default("epochs", new IntSchema(1, 10_000), 10, "Training epochs.")
            .Default("width", new IntSchema(4, 1024), 32, "Base channel width of the CNN.")
            .Default("batch_size", new IntSchema(2, 4096), 32, "Images per optimizer step.")
            .Default("learning_rate", new FloatSchema(0, 1, minExclusive: true), 1e-3, "AdamW learning rate.")
            .Default("threshold", new FloatSchema(0, 1, minExclusive: true, maxExclusive: true), 0.5, "Probability above which a label head counts as present.")
            .Default("head_weighting", new EnumSchema("balanced", "none"), "balanced", HeadWeightingHelp)
            .Default("seed_offset", new IntSchema(0, int.MaxValue), 100, "Added to the dataset seed."),
            "Multi-label classifier over the spec's labels; the `classifier` reward is the share of heads that agree with the prompt.")
        .Section("judge", new ObjectSchema()
            .Default("backbone", new EnumSchema("small-cnn", "resnet-tiny"), "resnet-tiny", "Judge architecture; another family than the reward classifier's, so the two do not share blind spots.")
            .Default("epochs", new IntSchema(1, 10_000), 10, "Training epochs.")
            .Default("width", new IntSchema(4, 1024), 48, "Base channel width; differs from the reward classifier's on purpose.")
            .Default("batch_size", new IntSchema(2, 4096), 32, "Images per optimizer step.")
            .Default("learning_rate", new FloatSchema(0, 1, minExclusive: true), 1e-3, "AdamW learning rate.")
            .Default("threshold", new FloatSchema(0, 1, minExclusive: true, maxExclusive: true), 0.5, "Probability above which a judge head counts as present (APR, diagnosis agreement).")
            .Default("head_weighting", new EnumSchema("balanced", "none"), "balanced", HeadWeightingHelp)
            .Default("seed_offset", new IntSchema(0, int.MaxValue), 1000, "Added to the dataset seed; differs from the classifier's so the judge is independent."),
            "Held-out judge classifier trained on the judge split; refine never sees it, so evaluate's APR cannot be gamed.")
        .Section("vlfm", new ObjectSchema()
            .Default("enabled", new BoolSchema(), false, "Train (or load) the CLIP-style reward.")
            .Optional("from", new PathSchema(), "Hugging Face CLIP folder to start from; trained from scratch when absent.")
            .Default("epochs", new IntSchema(1, 10_000), 10, "Contrastive training epochs.")
            .Default("width", new IntSchema(4, 1024), 16, "Base channel width of the image encoder's CNN.")
            .Default("embed_dim", new IntSchema(8, 1024), 64, "Joint embedding width.")
            .Default("seed_offset", new IntSchema(0, int.MaxValue), 200, "Added to the dataset seed."),
            "Vision-language reward (`vlfm`).")
        .Section("region", new ObjectSchema()
            .Default("enabled", new BoolSchema(), false, "Train the region-level reward (a dual encoder whose patch embeddings are trained to match phrases) and score its localisation on the artifact masks.")
            .Default("epochs", new IntSchema(1, 10_000), 10, "Contrastive training epochs.")
            .Default("seed_offset", new IntSchema(0, int.MaxValue), 300, "Added to the dataset seed."),
            "Region-level reward (`region`): per attribute phrase of the prompt, the best-matching image patch.");
}
