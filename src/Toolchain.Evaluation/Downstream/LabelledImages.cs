namespace Toolchain.Evaluation.Downstream;

/// <summary>
/// Images (interleaved 8-bit RGB, all <see cref="Height"/> x <see cref="Width"/>) with their diagnosis class index.
/// Kept as bytes, not tensors, so a study can hold several sets without pinning native memory.
/// </summary>
public sealed record LabelledImages
{
    public LabelledImages(int height, int width, IReadOnlyList<byte[]> pixels, IReadOnlyList<int> classes)
    {
        if (pixels.Count != classes.Count)
        {
            throw new ArgumentException($"{pixels.Count} images but {classes.Count} class labels");
        }
        int expected = height * width * 3;
        for (int i = 0; i < pixels.Count; i++)
        {
            if (pixels[i].Length != expected)
            {
                throw new ArgumentException($"image {i} has {pixels[i].Length} bytes, expected {expected} ({width}x{height} RGB)");
            }
        }
        Height = height;
        Width = width;
        Pixels = pixels;
        Classes = classes;
    }

    public int Height { get; }

    public int Width { get; }

    public IReadOnlyList<byte[]> Pixels { get; }

    public IReadOnlyList<int> Classes { get; }

    public int Count => Pixels.Count;

    public static LabelledImages Empty(int height, int width) => new(height, width, [], []);

    /// <summary>This set followed by <paramref name="other"/> (same image size).</summary>
    public LabelledImages Concat(LabelledImages other)
    {
        if (other.Height != Height || other.Width != Width)
        {
            throw new ArgumentException($"cannot mix {Width}x{Height} and {other.Width}x{other.Height} images");
        }
        return new LabelledImages(Height, Width, [.. Pixels, .. other.Pixels], [.. Classes, .. other.Classes]);
    }
}
