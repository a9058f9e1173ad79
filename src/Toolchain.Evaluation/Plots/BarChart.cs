using ScottPlot;

namespace Toolchain.Evaluation.Plots;

/// <summary>
/// Grouped bars: one cluster per category (subgroup or prompt), one coloured bar per arm
/// (real-only vs real+synthetic, baseline vs refined), with optional error bars and value labels.
/// </summary>
public sealed class BarChart : IChartImage
{
    private readonly List<BarGroup> _groups = [];

    public BarChart(string title, string yLabel, IReadOnlyList<string> categories)
    {
        if (categories.Count == 0)
        {
            throw new ArgumentException("a bar chart needs at least one category", nameof(categories));
        }
        Title = title;
        YLabel = yLabel;
        Categories = categories;
    }

    public string Title { get; }

    public string YLabel { get; }

    public IReadOnlyList<string> Categories { get; }

    public int Width { get; init; } = PlotTheme.DefaultWidth;

    public int Height { get; init; } = PlotTheme.DefaultHeight;

    /// <summary>Fixes the value axis (e.g. 0..1 for accuracies) instead of fitting it to the data.</summary>
    public (double Min, double Max)? ValueRange { get; init; }

    /// <summary>Format of the label printed above each bar; null prints none.</summary>
    public string? ValueFormat { get; init; } = "0.00";

    public IReadOnlyList<BarGroup> Groups => _groups;

    public BarChart Add(BarGroup group)
    {
        if (group.Values.Count != Categories.Count)
        {
            throw new ArgumentException($"bar group '{group.Name}' has {group.Values.Count} values for {Categories.Count} categories");
        }
        if (group.Errors is not null && group.Errors.Count != Categories.Count)
        {
            throw new ArgumentException($"bar group '{group.Name}' has {group.Errors.Count} errors for {Categories.Count} categories");
        }
        _groups.Add(group);
        return this;
    }

    /// <summary>Greedy word wrap so each line of a tick label fits <paramref name="width"/> pixels.</summary>
    internal static string Wrap(string text, float width, float size)
    {
        var lines = new List<string>();
        string current = string.Empty;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && SkiaCanvas.MeasureText(candidate, size) > width)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = candidate;
            }
        }
        lines.Add(current);
        return string.Join('\n', lines);
    }

    public byte[] ToPng()
    {
        PlotTheme.RequireSize(Width, Height);
        if (_groups.Count == 0)
        {
            throw new InvalidOperationException($"bar chart '{Title}' has no groups");
        }
        var plot = new Plot();
        const double clusterWidth = 0.8;
        double barWidth = clusterWidth / _groups.Count;
        for (int g = 0; g < _groups.Count; g++)
        {
            var group = _groups[g];
            var colour = PlotTheme.Colour(g);
            var bars = new List<Bar>(Categories.Count);
            for (int c = 0; c < Categories.Count; c++)
            {
                double value = group.Values[c];
                bars.Add(new Bar
                {
                    Position = c - clusterWidth / 2 + barWidth * (g + 0.5),
                    Value = value,
                    Error = group.Errors?[c] ?? 0,
                    Size = barWidth * 0.92,
                    FillColor = colour,
                    // ScottPlot draws the outline and the error bar with the same line style.
                    LineWidth = 1.2f,
                    LineColor = Color.FromHex("#333333"),
                    ErrorSize = barWidth * 0.35,
                });
            }
            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = group.Name;
            if (ValueFormat is not null)
            {
                float size = Categories.Count * _groups.Count > 24 ? 9 : 11;
                foreach (var bar in bars.Where(b => double.IsFinite(b.Value)))
                {
                    PlotTheme.ValueLabel(plot, Format.Number(bar.Value, ValueFormat), bar.Position, bar.Value + Math.Max(0, bar.Error), size);
                }
            }
        }
        var positions = Enumerable.Range(0, Categories.Count).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        // Long category names (prompts) are wrapped onto several lines rather than rotated: ScottPlot does not
        // reserve room for rotated tick labels, and wrapped ones stay readable.
        float slot = (Width - 120f) / Categories.Count * 0.92f;
        string[] labels = [.. Categories.Select(c => Wrap(c, slot, 12))];
        int lines = labels.Max(l => l.Split('\n').Length);
        plot.Axes.Bottom.SetTicks(positions, labels);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Axes.Bottom.MinimumSize = 8 + 16 * lines;
        plot.Title(Title);
        plot.YLabel(YLabel);
        PlotTheme.Apply(plot);
        if (ValueRange is { } range)
        {
            plot.Axes.SetLimitsY(range.Min, range.Max);
        }
        else
        {
            plot.Axes.Margins(bottom: 0, top: 0.15);
        }
        plot.Axes.SetLimitsX(-0.6, Categories.Count - 0.4);
        plot.ShowLegend(Edge.Bottom);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
