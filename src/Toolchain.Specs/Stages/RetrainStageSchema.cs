using Toolchain.Specs.Schema;

namespace Toolchain.Specs.Stages;

/// <summary>retrain: downstream classifier on real vs real + synthetic, over several seeds.</summary>
public static class RetrainStageSchema
{
    public static ObjectSchema Build() => new ObjectSchema()
        .Default("backbone", new EnumSchema("small-cnn", "resnet-tiny"), "small-cnn", "Classifier architecture.")
        .Default("seeds", new IntSchema(1, 100), 3, "Training runs per arm, for spread.")
        .Default("epochs", new IntSchema(1, 10_000), 10, "Training epochs.")
        .Default("learning_rate", new FloatSchema(0, 1, minExclusive: true), 1e-3, "AdamW learning rate.")
        .Default("batch_size", new IntSchema(1, 4096), 32, "Images per optimizer step.")
        .Default("bootstrap_samples", new IntSchema(0, 100_000), 1000, "Bootstrap resamples of the test set for confidence intervals (0 = none).");
}
