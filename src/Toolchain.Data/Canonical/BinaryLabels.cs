namespace Toolchain.Data.Canonical;

/// <summary>
/// Names of the canonical binary (artifact) labels, in column order. The first four are the RL4Med artifacts;
/// the rest come from the ISIC 2019 artifact annotations that the RL4Med CSV carries (names kept as given there).
/// </summary>
public static class BinaryLabels
{
    public const string Hair = "hair";
    public const string GelBubble = "gel_bubble";
    public const string Ruler = "ruler";
    public const string Ink = "ink";
    public const string DarkCorner = "dark_corner";
    public const string GelBorder = "gel_border";
    public const string Patches = "patches";
    public const string Vasc = "vasc";

    public static readonly IReadOnlyList<string> All = [Hair, GelBubble, Ruler, Ink, DarkCorner, GelBorder, Patches, Vasc];

    public static bool IsValid(string name) => All.Contains(name, StringComparer.Ordinal);
}
