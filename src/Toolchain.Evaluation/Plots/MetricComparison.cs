using ScottPlot;
using SkiaSharp;

namespace Toolchain.Evaluation.Plots;

/// <summary>
/// Small multiples: one bar panel per metric, each on its own scale (FID and APR cannot share an axis),
/// the same arm always in the same colour, and the best arm of each panel outlined.
/// </summary>
public sealed class MetricComparison : IChartImage
{
    private const int TitleHeight = 44;
    private const int LegendHeight = 30;
    private readonly List<MetricPanel> _panels = [];

    public MetricComparison(string title, IReadOnlyList<string> arms)
    {
        if (arms.Count == 0)
        {
            throw new ArgumentException("a metric comparison needs at least one arm", nameof(arms));
        }
        Title = title;
        Arms = arms;
    }

    public string Title { get; }

    /// <summary>The things compared, e.g. ["baseline", "refined"].</summary>
    public IReadOnlyList<string> Arms { get; }

    public int Columns { get; init; } = 3;

    public int PanelWidth { get; init; } = 300;

    public int PanelHeight { get; init; } = 250;

    public IReadOnlyList<MetricPanel> Panels => _panels;

    public int Width => Math.Max(1, Math.Min(Columns, Math.Max(1, _panels.Count))) * PanelWidth;

    public int Height => TitleHeight + LegendHeight + RowCount * PanelHeight;

    private int RowCount => (_panels.Count + Columns - 1) / Columns;

    public MetricComparison Add(MetricPanel panel)
    {
        if (panel.Values.Count != Arms.Count)
        {
            throw new ArgumentException($"metric '{panel.Metric}' has {panel.Values.Count} values for {Arms.Count} arms");
        }
        if (panel.Errors is not null && panel.Errors.Count != Arms.Count)
        {
            throw new ArgumentException($"metric '{panel.Metric}' has {panel.Errors.Count} errors for {Arms.Count} arms");
        }
        _panels.Add(panel);
        return this;
    }

    public byte[] ToPng()
    {
        if (Columns < 1)
        {
            throw new InvalidOperationException($"metric comparison needs at least one column, got {Columns}");
        }
        if (_panels.Count == 0)
        {
            throw new InvalidOperationException($"metric comparison '{Title}' has no metrics");
        }
        using var canvas = new SkiaCanvas(Width, Height);
        canvas.Text(Title, Width / 2f, 30, 19, bold: true, align: SKTextAlign.Center);
        DrawLegend(canvas);
        for (int i = 0; i < _panels.Count; i++)
        {
            int column = i % Columns;
            int row = i / Columns;
            canvas.DrawPng(RenderPanel(_panels[i]), column * PanelWidth, TitleHeight + LegendHeight + row * PanelHeight);
        }
        return canvas.ToPng();
    }

    private void DrawLegend(SkiaCanvas canvas)
    {
        const float swatch = 12;
        const float gap = 22;
        float total = Arms.Sum(a => swatch + 6 + SkiaCanvas.MeasureText(a, 13)) + gap * (Arms.Count - 1);
        float x = (Width - total) / 2;
        float y = TitleHeight + 6;
        for (int a = 0; a < Arms.Count; a++)
        {
            canvas.FillRect(x, y, swatch, swatch, PlotTheme.SkiaColour(PlotTheme.Palette[a % PlotTheme.Palette.Count]));
            canvas.Text(Arms[a], x + swatch + 6, y + swatch - 1, 13);
            x += swatch + 6 + SkiaCanvas.MeasureText(Arms[a], 13) + gap;
        }
    }

    private byte[] RenderPanel(MetricPanel panel)
    {
        int best = BestIndex(panel);
        var plot = new Plot();
        var bars = new List<Bar>(Arms.Count);
        for (int a = 0; a < Arms.Count; a++)
        {
            double value = panel.Values[a];
            bars.Add(new Bar
            {
                Position = a,
                Value = double.IsFinite(value) ? value : 0,
                Error = panel.Errors?[a] ?? 0,
                Size = 0.7,
                FillColor = PlotTheme.Colour(a),
                // ScottPlot draws the outline and the error bar with one line style: the best arm gets a heavy one.
                LineWidth = a == best ? 3f : 1f,
                LineColor = Color.FromHex("#222222"),
                ErrorSize = 0.25,
            });
        }
        plot.Add.Bars(bars);
        for (int a = 0; a < Arms.Count; a++)
        {
            double value = panel.Values[a];
            string label = double.IsFinite(value) ? Format.Number(value, panel.ValueFormat) : "n/a";
            PlotTheme.ValueLabel(plot, label, a, bars[a].Value + Math.Max(0, bars[a].Error), 11);
        }
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, Arms.Count).Select(i => (double)i)], [.. Arms]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Title.Label.Text = $"{panel.Metric} ({(panel.HigherIsBetter ? "higher" : "lower")} is better)";
        PlotTheme.Apply(plot);
        plot.Axes.Title.Label.FontSize = 13;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.Axes.Left.TickLabelStyle.FontSize = 10;
        plot.Axes.Margins(bottom: 0, top: 0.18);
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsX(-0.6, Arms.Count - 0.4);
        return plot.GetImageBytes(PanelWidth, PanelHeight, ImageFormat.Png);
    }

    /// <summary>Index of the best finite value, or -1 when none is finite; ties go to the first arm.</summary>
    public static int BestIndex(MetricPanel panel)
    {
        int best = -1;
        for (int a = 0; a < panel.Values.Count; a++)
        {
            double v = panel.Values[a];
            if (!double.IsFinite(v))
            {
                continue;
            }
            if (best < 0 || (panel.HigherIsBetter ? v > panel.Values[best] : v < panel.Values[best]))
            {
                best = a;
            }
        }
        return best;
    }
}
