using SkiaSharp;

namespace Toolchain.Evaluation.Plots;

/// <summary>
/// Samples laid out in a labelled grid: rows are prompts or subgroups, columns are samples (optionally titled,
/// e.g. "real", "baseline", "refined"). Images are enlarged by an integer factor with nearest-neighbour so
/// 32x32 samples stay visible and unblurred.
/// </summary>
public sealed class ImageGrid : IChartImage
{
    private const int Margin = 10;
    private const float LabelSize = 13;
    private readonly List<ImageGridRow> _rows = [];

    public ImageGrid(string? title = null, IReadOnlyList<string>? columnLabels = null)
    {
        Title = title;
        ColumnLabels = columnLabels;
    }

    public string? Title { get; }

    public IReadOnlyList<string>? ColumnLabels { get; }

    /// <summary>Integer enlargement factor (nearest-neighbour).</summary>
    public int Scale { get; init; } = 4;

    /// <summary>Pixels between neighbouring images.</summary>
    public int Gap { get; init; } = 4;

    /// <summary>Width reserved for row labels; longer labels are shortened with an ellipsis.</summary>
    public int LabelWidth { get; init; } = 220;

    public IReadOnlyList<ImageGridRow> Rows => _rows;

    public int Width => LabelWidth + Margin + Columns * CellWidth - Gap + Margin;

    public int Height => TopHeight + _rows.Count * CellHeight - Gap + Margin;

    private int Columns => _rows.Count == 0 ? 0 : _rows.Max(r => r.Images.Count);

    private int CellWidth => ImageWidth * Scale + Gap;

    private int CellHeight => ImageHeight * Scale + Gap;

    private int ImageWidth => _rows.Count == 0 || _rows[0].Images.Count == 0 ? 0 : _rows[0].Images[0].Width;

    private int ImageHeight => _rows.Count == 0 || _rows[0].Images.Count == 0 ? 0 : _rows[0].Images[0].Height;

    private int TopHeight => Margin + (Title is null ? 0 : 26) + (ColumnLabels is null ? 0 : 22);

    public ImageGrid Add(ImageGridRow row)
    {
        if (row.Images.Count == 0)
        {
            throw new ArgumentException($"image grid row '{row.Label}' has no images");
        }
        var reference = _rows.Count == 0 ? row.Images[0] : _rows[0].Images[0];
        foreach (var image in row.Images)
        {
            if (image.Width != reference.Width || image.Height != reference.Height)
            {
                throw new ArgumentException(
                    $"image grid row '{row.Label}' has a {image.Width}x{image.Height} image; all images must be {reference.Width}x{reference.Height}");
            }
        }
        if (ColumnLabels is not null && row.Images.Count > ColumnLabels.Count)
        {
            throw new ArgumentException($"image grid row '{row.Label}' has {row.Images.Count} images but only {ColumnLabels.Count} column labels");
        }
        _rows.Add(row);
        return this;
    }

    public byte[] ToPng()
    {
        if (_rows.Count == 0)
        {
            throw new InvalidOperationException($"image grid '{Title}' has no rows");
        }
        if (Scale < 1 || Scale > 64 || Gap < 0 || LabelWidth < 0)
        {
            throw new InvalidOperationException($"image grid needs scale 1..64, gap >= 0 and label width >= 0 (got {Scale}, {Gap}, {LabelWidth})");
        }
        using var canvas = new SkiaCanvas(Width, Height);
        int left = LabelWidth + Margin;
        int y = Margin;
        if (Title is not null)
        {
            canvas.Text(Title, Margin, y + 17, 16, bold: true);
            y += 26;
        }
        if (ColumnLabels is not null)
        {
            for (int c = 0; c < Columns; c++)
            {
                string label = Fit(ColumnLabels[c], CellWidth - Gap, 12);
                canvas.Text(label, left + c * CellWidth + (CellWidth - Gap) / 2f, y + 15, 12, bold: true, align: SKTextAlign.Center);
            }
            y += 22;
        }
        for (int r = 0; r < _rows.Count; r++)
        {
            int top = y + r * CellHeight;
            if (LabelWidth > 0)
            {
                float baseline = top + (CellHeight - Gap) / 2f + LabelSize / 3;
                canvas.Text(Fit(_rows[r].Label, LabelWidth - Margin, LabelSize), LabelWidth, baseline, LabelSize, align: SKTextAlign.Right);
            }
            for (int c = 0; c < _rows[r].Images.Count; c++)
            {
                canvas.DrawScaled(_rows[r].Images[c], left + c * CellWidth, top, Scale);
            }
        }
        return canvas.ToPng();
    }

    /// <summary>Shortens <paramref name="text"/> with an ellipsis until it fits <paramref name="width"/> pixels.</summary>
    private static string Fit(string text, float width, float size)
    {
        if (SkiaCanvas.MeasureText(text, size) <= width)
        {
            return text;
        }
        for (int length = text.Length - 1; length > 0; length--)
        {
            string shortened = text[..length].TrimEnd() + "…";
            if (SkiaCanvas.MeasureText(shortened, size) <= width)
            {
                return shortened;
            }
        }
        return "…";
    }
}
