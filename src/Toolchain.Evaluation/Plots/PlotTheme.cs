using SkiaSharp;

namespace Toolchain.Evaluation.Plots;

/// <summary>
/// The one look shared by every chart and image grid: a pinned font family, a colour-blind-safe palette
/// and fixed pixel sizes, so the same data always renders to the same PNG bytes on a given machine.
/// </summary>
public static class PlotTheme
{
    /// <summary>The family every chart is drawn with; DejaVu Sans (Debian's default sans) is preferred.</summary>
    public static string FontFamily { get; } = ResolveFontFamily();

    /// <summary>Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.</summary>
    public static IReadOnlyList<string> Palette { get; } =
    [
        "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
    ];

    public const int DefaultWidth = 800;
    public const int DefaultHeight = 450;

    public static ScottPlot.Color Colour(int index) => ScottPlot.Color.FromHex(Palette[index % Palette.Count]);

    public static SKColor SkiaColour(string hex) => SKColor.Parse(hex);

    /// <summary>Applies fonts and neutral styling; charts call this after adding their plottables.</summary>
    internal static void Apply(ScottPlot.Plot plot)
    {
        // Labels that plot.Font.Set does not reach (bar value labels) fall back to the global default.
        ScottPlot.Fonts.Default = FontFamily;
        plot.Font.Set(FontFamily);
        plot.Legend.FontName = FontFamily;
        plot.Legend.FontSize = 13;
        plot.FigureBackground.Color = ScottPlot.Colors.White;
        plot.DataBackground.Color = ScottPlot.Colors.White;
        plot.Grid.MajorLineColor = ScottPlot.Color.FromHex("#E5E5E5");
        plot.Axes.Title.Label.FontSize = 17;
    }

    /// <summary>
    /// Writes a bar's value just above the top of its error bar (ScottPlot's own bar labels sit on the bar
    /// and collide with error bars).
    /// </summary>
    internal static void ValueLabel(ScottPlot.Plot plot, string text, double x, double top, float size)
    {
        var label = plot.Add.Text(text, x, top);
        label.LabelAlignment = ScottPlot.Alignment.LowerCenter;
        label.LabelFontName = FontFamily;
        label.LabelFontSize = size;
        label.LabelFontColor = ScottPlot.Color.FromHex("#222222");
        label.OffsetY = -3;
    }

    internal static SKTypeface Typeface(bool bold = false) =>
        SKTypeface.FromFamilyName(FontFamily, bold ? SKFontStyle.Bold : SKFontStyle.Normal);

    internal static void RequireSize(int width, int height)
    {
        if (width < 16 || height < 16 || width > 8192 || height > 8192)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"chart size {width}x{height} must be between 16 and 8192 pixels per side");
        }
    }

    private static string ResolveFontFamily()
    {
        const string preferred = "DejaVu Sans";
        using var typeface = SKFontManager.Default.MatchFamily(preferred);
        // Without DejaVu the platform default is used; FontFamily tells which, so the report can record it.
        return typeface is not null && typeface.FamilyName == preferred ? preferred : ScottPlot.Fonts.Default;
    }
}
