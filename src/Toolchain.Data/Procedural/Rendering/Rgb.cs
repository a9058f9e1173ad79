namespace Toolchain.Data.Procedural.Rendering;

/// <summary>A linear-ish 0..255 colour in doubles, used while compositing before quantising to bytes.</summary>
internal readonly record struct Rgb(double R, double G, double B)
{
    public static Rgb White { get; } = new(255, 255, 255);

    public static Rgb operator *(Rgb a, Rgb b) => new(a.R * b.R, a.G * b.G, a.B * b.B);

    public static Rgb operator *(Rgb a, double k) => new(a.R * k, a.G * k, a.B * k);

    public static Rgb operator +(Rgb a, Rgb b) => new(a.R + b.R, a.G + b.G, a.B + b.B);

    public static Rgb Lerp(Rgb a, Rgb b, double t) =>
        new(a.R + (b.R - a.R) * t, a.G + (b.G - a.G) * t, a.B + (b.B - a.B) * t);

    public static Rgb Min(Rgb a, Rgb b) => new(Math.Min(a.R, b.R), Math.Min(a.G, b.G), Math.Min(a.B, b.B));

    /// <summary>Rec. 601 luma, 0..255.</summary>
    public double Luma => 0.299 * R + 0.587 * G + 0.114 * B;
}
