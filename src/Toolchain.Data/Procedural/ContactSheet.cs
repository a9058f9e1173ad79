namespace Toolchain.Data.Procedural;

/// <summary>A mosaic of cases in rows, for eyeballing a dataset; deterministic like the cases themselves.</summary>
public static class ContactSheet
{
    /// <summary>
    /// Lays the cases out left to right, top to bottom, <paramref name="columns"/> per row, separated by
    /// <paramref name="gutter"/> pixels of white. All cases must have the same size.
    /// </summary>
    public static (int Width, int Height, byte[] Rgb) Compose(IReadOnlyList<ProceduralCase> cases, int columns, int gutter = 2)
    {
        if (cases.Count == 0) throw new ArgumentException("A contact sheet needs at least one case.", nameof(cases));
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(gutter);
        int tileW = cases[0].Width, tileH = cases[0].Height;
        if (cases.Any(c => c.Width != tileW || c.Height != tileH))
            throw new ArgumentException("All cases on a contact sheet must have the same size.", nameof(cases));

        int cols = Math.Min(columns, cases.Count), rows = (cases.Count + cols - 1) / cols;
        int width = cols * tileW + (cols + 1) * gutter, height = rows * tileH + (rows + 1) * gutter;
        var rgb = new byte[width * height * 3];
        Array.Fill(rgb, (byte)255);
        for (int i = 0; i < cases.Count; i++)
        {
            int x0 = gutter + (i % cols) * (tileW + gutter), y0 = gutter + (i / cols) * (tileH + gutter);
            for (int y = 0; y < tileH; y++)
                Array.Copy(cases[i].Rgb, y * tileW * 3, rgb, ((y0 + y) * width + x0) * 3, tileW * 3);
        }
        return (width, height, rgb);
    }

    /// <summary>The contact sheet of <paramref name="count"/> consecutive cases from <paramref name="firstIndex"/>, as PNG bytes.</summary>
    public static byte[] RenderPng(ProceduralDermoscopyGenerator generator, int firstIndex, int count, int columns, int gutter = 2)
    {
        var cases = new ProceduralCase[count];
        Parallel.For(0, count, i => cases[i] = generator.Generate(firstIndex + i));
        var (width, height, rgb) = Compose(cases, columns, gutter);
        return DeterministicPng.EncodeRgb(rgb, width, height);
    }
}
