using ScottPlot;

namespace Toolchain.Evaluation.Plots;

/// <summary>
/// Training curves: several named series (e.g. overall and per phase) against step or epoch, each optionally
/// with a +-spread band; with <see cref="Smoothing"/> above zero the raw curve is drawn faintly under its smoothed version.
/// </summary>
public sealed class LineChart : IChartImage
{
    private readonly List<LineSeries> _series = [];

    public LineChart(string title, string xLabel, string yLabel)
    {
        Title = title;
        XLabel = xLabel;
        YLabel = yLabel;
    }

    public string Title { get; }

    public string XLabel { get; }

    public string YLabel { get; }

    public int Width { get; init; } = PlotTheme.DefaultWidth;

    public int Height { get; init; } = PlotTheme.DefaultHeight;

    /// <summary>Exponential moving average weight in [0, 1) applied to every series' Y; 0 draws the raw values only.</summary>
    public double Smoothing { get; init; }

    public IReadOnlyList<LineSeries> Series => _series;

    public LineChart Add(LineSeries series)
    {
        series.Validate();
        _series.Add(series);
        return this;
    }

    public byte[] ToPng()
    {
        PlotTheme.RequireSize(Width, Height);
        if (_series.Count == 0)
        {
            throw new InvalidOperationException($"line chart '{Title}' has no series");
        }
        var plot = new Plot();
        for (int i = 0; i < _series.Count; i++)
        {
            AddSeries(plot, _series[i], PlotTheme.Colour(i));
        }
        plot.Title(Title);
        plot.XLabel(XLabel);
        plot.YLabel(YLabel);
        PlotTheme.Apply(plot);
        if (_series.Count > 1)
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }
        else
        {
            // One series: the title and axis label already name it.
            plot.HideLegend();
        }
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private void AddSeries(Plot plot, LineSeries series, Color colour)
    {
        double[] xs = [.. series.X];
        double[] ys = [.. series.Y];
        double[] shown = Smoothing > 0 ? Plots.Smoothing.ExponentialMovingAverage(ys, Smoothing) : ys;
        if (series.Spread is not null)
        {
            var lower = new double[ys.Length];
            var upper = new double[ys.Length];
            for (int i = 0; i < ys.Length; i++)
            {
                lower[i] = shown[i] - series.Spread[i];
                upper[i] = shown[i] + series.Spread[i];
            }
            var band = plot.Add.FillY(xs, lower, upper);
            band.FillColor = colour.WithAlpha(0.18);
            band.LineWidth = 0;
        }
        if (Smoothing > 0)
        {
            var raw = plot.Add.ScatterLine(xs, ys);
            raw.Color = colour.WithAlpha(0.3);
            raw.LineWidth = 1;
        }
        var line = plot.Add.ScatterLine(xs, shown);
        line.Color = colour;
        line.LineWidth = 2;
        // Few points (per-epoch curves) read better with markers; long per-step curves do not.
        line.MarkerSize = xs.Length <= 40 ? 5 : 0;
        line.LegendText = series.Name;
    }
}
