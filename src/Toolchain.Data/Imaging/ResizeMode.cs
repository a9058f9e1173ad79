namespace Toolchain.Data.Imaging;

/// <summary>How a non-square image becomes a square of the model resolution.</summary>
public enum ResizeMode
{
    /// <summary>Scale the short side to the target, then cut the centre square (loses the edges, no padding).</summary>
    CenterCrop,

    /// <summary>Scale the long side to the target, then pad the short side equally with black.</summary>
    Pad,
}

public static class ResizeModeNames
{
    public const string CenterCrop = "center-crop";
    public const string Pad = "pad";

    public static string Name(this ResizeMode mode) => mode == ResizeMode.CenterCrop ? CenterCrop : Pad;

    public static bool TryParse(string text, out ResizeMode mode)
    {
        switch (text)
        {
            case CenterCrop:
                mode = ResizeMode.CenterCrop;
                return true;
            case Pad:
                mode = ResizeMode.Pad;
                return true;
            default:
                mode = default;
                return false;
        }
    }
}
