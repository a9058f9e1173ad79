namespace Toolchain.Data.Procedural;

/// <summary>The dermoscopy artifacts the generator can paint; names follow the ISIC 2019 artifact annotations.</summary>
[Flags]
public enum ArtifactFlags
{
    None = 0,
    Hair = 1,
    GelBubble = 2,
    Ruler = 4,
    Ink = 8,
    DarkCorner = 16,
}

public static class ArtifactNames
{
    /// <summary>Every single artifact, in the canonical order hair, gel_bubble, ruler, ink, dark_corner.</summary>
    public static IReadOnlyList<ArtifactFlags> All { get; } =
        [ArtifactFlags.Hair, ArtifactFlags.GelBubble, ArtifactFlags.Ruler, ArtifactFlags.Ink, ArtifactFlags.DarkCorner];

    /// <summary>The ISIC 2019 annotation column name of one artifact (e.g. "gel_bubble").</summary>
    public static string ColumnName(ArtifactFlags artifact) => artifact switch
    {
        ArtifactFlags.Hair => "hair",
        ArtifactFlags.GelBubble => "gel_bubble",
        ArtifactFlags.Ruler => "ruler",
        ArtifactFlags.Ink => "ink",
        ArtifactFlags.DarkCorner => "dark_corner",
        _ => throw new ArgumentOutOfRangeException(nameof(artifact), artifact, "Expected exactly one artifact."),
    };
}
