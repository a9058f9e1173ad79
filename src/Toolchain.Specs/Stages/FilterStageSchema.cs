using Toolchain.Specs.Schema;

namespace Toolchain.Specs.Stages;

/// <summary>filter: keep the candidates whose reward clears a threshold, without near-duplicates or memorised images.</summary>
public static class FilterStageSchema
{
    public static ObjectSchema Build() => new ObjectSchema()
        .Default("reward", new EnumSchema([.. RewardNames.All]), RewardNames.Classifier, "Reward that scores candidates.")
        .Default("threshold", new FloatSchema(0, 1), 0.8, "Minimum reward to keep a candidate.")
        .Optional("max_samples_per_subgroup", new IntSchema(1, int.MaxValue), "Cap on kept images per subgroup; no cap when absent.")
        .Default("on_unmet_quota", new EnumSchema("fail", "warn"), "warn", "When a quota cannot be met: fail the stage, or warn and record the shortfall in the report.")
        .Default("near_duplicate_threshold", new FloatSchema(0, 1), 0.95, "Drop a candidate whose feature similarity to an already kept one is above this.")
        .Default("memorisation_threshold", new FloatSchema(0, 1), 0.95, "Drop a candidate whose similarity to its nearest training image is above this.");
}
