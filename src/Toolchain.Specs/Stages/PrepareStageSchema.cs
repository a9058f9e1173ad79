using Toolchain.Specs.Schema;

namespace Toolchain.Specs.Stages;

/// <summary>prepare: import the dataset, decode, resize, split; the real images every later stage reads.</summary>
public static class PrepareStageSchema
{
    public static ObjectSchema Build() => new ObjectSchema()
        .Default("resolution", new IntSchema(8, 1024), 32, "Side in pixels of the square images every model sees.")
        .Default("resize", new EnumSchema("center-crop", "pad"), "center-crop", "How non-square images become square: crop the centre, or pad the short side.")
        .Default("max_image_pixels", new IntSchema(1, 1_000_000_000), 50_000_000, "Refuse to decode images larger than this (protects against decompression bombs).");
}
