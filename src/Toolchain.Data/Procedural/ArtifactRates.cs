namespace Toolchain.Data.Procedural;

/// <summary>Independent probability (0..1) that a case shows each artifact, before any rare-combination resampling.</summary>
public sealed record ArtifactRates(double Hair, double GelBubble, double Ruler, double Ink, double DarkCorner)
{
    /// <summary>Rough ISIC-2019-like rates; chosen so every artifact is common enough to learn from.</summary>
    public static ArtifactRates Default { get; } = new(Hair: 0.35, GelBubble: 0.25, Ruler: 0.25, Ink: 0.15, DarkCorner: 0.25);

    public double RateOf(ArtifactFlags artifact) => artifact switch
    {
        ArtifactFlags.Hair => Hair,
        ArtifactFlags.GelBubble => GelBubble,
        ArtifactFlags.Ruler => Ruler,
        ArtifactFlags.Ink => Ink,
        ArtifactFlags.DarkCorner => DarkCorner,
        _ => throw new ArgumentOutOfRangeException(nameof(artifact), artifact, "Expected exactly one artifact."),
    };
}
