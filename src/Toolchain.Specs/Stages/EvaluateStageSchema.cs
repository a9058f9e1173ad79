using Toolchain.Specs.Schema;

namespace Toolchain.Specs.Stages;

/// <summary>evaluate: distribution metrics, judge-based APR and per-subgroup tables for the base and refined models.</summary>
public static class EvaluateStageSchema
{
    public static ObjectSchema Build() => new ObjectSchema()
        .Default("images_per_prompt", new IntSchema(1, 10_000), 8, "Images generated per prompt for the metrics.")
        .Default("kid_subset_size", new IntSchema(2, 100_000), 50, "Images per KID subset.")
        .Default("kid_subsets", new IntSchema(1, 10_000), 20, "Number of KID subsets.")
        .Default("pr_k", new IntSchema(1, 100), 3, "k of the k-nearest-neighbour precision / recall manifolds.")
        .Optional("inception_weights", new PathSchema(), "Inception-v3 weights for true FID / KID; without them the metrics use another network and are named accordingly.")
        .Optional("lpips_weights", new PathSchema(), "LPIPS weights for the diversity metric.");
}
