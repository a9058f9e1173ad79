namespace Toolchain.Data.Canonical;

/// <summary>The binary labels of one image: true = present, false = absent, null = not annotated.</summary>
public sealed record ArtifactLabels
{
    public static readonly ArtifactLabels Unknown = new();

    public bool? Hair { get; init; }
    public bool? GelBubble { get; init; }
    public bool? Ruler { get; init; }
    public bool? Ink { get; init; }
    public bool? DarkCorner { get; init; }
    public bool? GelBorder { get; init; }
    public bool? Patches { get; init; }
    public bool? Vasc { get; init; }

    /// <summary>Value of a label by its canonical name (<see cref="BinaryLabels"/>).</summary>
    public bool? Get(string name) => name switch
    {
        BinaryLabels.Hair => Hair,
        BinaryLabels.GelBubble => GelBubble,
        BinaryLabels.Ruler => Ruler,
        BinaryLabels.Ink => Ink,
        BinaryLabels.DarkCorner => DarkCorner,
        BinaryLabels.GelBorder => GelBorder,
        BinaryLabels.Patches => Patches,
        BinaryLabels.Vasc => Vasc,
        _ => throw new ArgumentException($"unknown binary label '{name}'", nameof(name)),
    };

    /// <summary>A copy with one label set by its canonical name.</summary>
    public ArtifactLabels With(string name, bool? value) => name switch
    {
        BinaryLabels.Hair => this with { Hair = value },
        BinaryLabels.GelBubble => this with { GelBubble = value },
        BinaryLabels.Ruler => this with { Ruler = value },
        BinaryLabels.Ink => this with { Ink = value },
        BinaryLabels.DarkCorner => this with { DarkCorner = value },
        BinaryLabels.GelBorder => this with { GelBorder = value },
        BinaryLabels.Patches => this with { Patches = value },
        BinaryLabels.Vasc => this with { Vasc = value },
        _ => throw new ArgumentException($"unknown binary label '{name}'", nameof(name)),
    };
}
