using Toolchain.Specs.Schema;

namespace Toolchain.Specs.Stages;

/// <summary>sample: generate candidate images for every subgroup with a quota.</summary>
public static class SampleStageSchema
{
    public static ObjectSchema Build() => new ObjectSchema()
        .Default("num_steps", new IntSchema(1, 1000), 50, "DDIM steps.")
        .Default("guidance_scale", new FloatSchema(0, 50), 5.0, "Classifier-free guidance scale.")
        .Default("eta", new FloatSchema(0, 1), 1.0, "DDIM eta (0 = deterministic given the initial noise).")
        .Default("batch_size", new IntSchema(1, 4096), 16, "Images per forward pass.")
        .Default("oversample", new FloatSchema(1, 100), 2.0, "Candidates generated per image a quota asks for, so the filter has a choice.")
        .Default("seed_offset", new IntSchema(0, int.MaxValue), 300, "Added to the dataset seed.");
}
