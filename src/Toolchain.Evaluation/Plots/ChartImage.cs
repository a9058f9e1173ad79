namespace Toolchain.Evaluation.Plots;

/// <summary>Anything that renders to a PNG of fixed size.</summary>
public interface IChartImage
{
    int Width { get; }

    int Height { get; }

    /// <summary>Encodes the image as PNG; the same inputs give the same bytes.</summary>
    byte[] ToPng();
}

public static class ChartImageExtensions
{
    /// <summary>Writes the PNG to <paramref name="path"/>, creating its folder if needed.</summary>
    public static void SavePng(this IChartImage image, string path)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        File.WriteAllBytes(path, image.ToPng());
    }
}
