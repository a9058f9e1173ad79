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
        .Optional("inception_weights", new PathSchema(), "FID Inception-v3 weights (pytorch-fid's, converted to safetensors: docs/metrics.md) for FID / KID; without them only the judge-feature distances are reported, under their own names.")
        .Optional("lpips_weights", new PathSchema(), "LPIPS v0.1 AlexNet weights (the lpips package's state dict as safetensors: docs/metrics.md) for the within-prompt LPIPS diversity.");
}
