using System.Text.RegularExpressions;
using Toolchain.Evaluation.Metrics;
using Toolchain.Evaluation.Report;

namespace Toolchain.Evaluation.Tests.Report;

public class HtmlReportTests
{
    [Fact]
    public void SampleReportIsSelfContainedDeterministicAndWrittenForTheRenderingCheck()
    {
        var document = SampleReport.Build();
        string html = HtmlReportRenderer.Render(document);
        AssertSelfContained(html);
        Assert.Equal(html, HtmlReportRenderer.Render(SampleReport.Build()));
        Assert.Contains("class=\"verdict helped\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"verdict hurt\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"verdict none\"", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"flag\">", html, StringComparison.Ordinal);

        // build/check-report.sh renders this file in headless Chromium.
        string path = Path.Combine(AppContext.BaseDirectory, "sample-report", "report.html");
        HtmlReportRenderer.Write(document, path);
        byte[] written = File.ReadAllBytes(path);
        Assert.NotEqual(0xEF, written[0]);
        Assert.Equal(html, System.Text.Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void AllTextIsEscaped()
    {
        const string hostile = "<script>alert('x')</script> & \"quoted\"";
        var document = new ReportDocument(hostile) { Subtitle = hostile };
        document.AddSection(hostile)
            .Add(new Paragraph(hostile))
            .Add(new Note(hostile, NoteKind.Warning))
            .Add(new KeyValueTable(hostile, [new(hostile, hostile)]))
            .Add(new MetricTable(hostile, hostile, [new MetricColumn(hostile)], [new MetricRow(hostile, [new MetricCell(null, Text: hostile)])]))
            .Add(new Figure(TinyPng, hostile))
            .Add(new VerdictList(hostile, [new VerdictLine(hostile, Verdict.Hurt, hostile)]));
        string html = HtmlReportRenderer.Render(document);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"quoted\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;", html, StringComparison.Ordinal);
        AssertSelfContained(html);
    }

    [Fact]
    public void BestValuePerColumnIsHighlightedIncludingTies()
    {
        var table = new MetricTable(null, "model",
            [new MetricColumn("fd", "0.0", BestValue.Lowest), new MetricColumn("apr", "0.00", BestValue.Highest), new MetricColumn("n", "0")],
            [
                new MetricRow("a", [3.0, 0.5, 10]),
                new MetricRow("b", [2.0, 0.5, 20]),
                new MetricRow("c", [double.NaN, MetricCell.Missing, 30]),
            ]);
        Assert.Equal(2.0, table.BestOf(0));
        Assert.Equal(0.5, table.BestOf(1));
        Assert.Null(table.BestOf(2));
        var document = new ReportDocument("t");
        document.AddSection("s").Add(table);
        string html = HtmlReportRenderer.Render(document);
        Assert.Contains("<td class=\"num best\">2.0</td>", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(html, "<td class=\"num best\">0.50</td>").Count);
        Assert.Contains("<td class=\"num\">n/a</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num missing\">\u2014</td>", html, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new MetricTable(null, "m", [new MetricColumn("x")], [new MetricRow("r", [1.0, 2.0])]));
    }

    [Fact]
    public void CellsAreFormattedWithTheInvariantCulture()
    {
        Assert.Equal("0.812 \u00b1 0.010", HtmlReportRenderer.FormatCell(new MetricCell(0.8123, 0.0104), "0.000"));
        Assert.Equal("12,345.7", HtmlReportRenderer.FormatCell(12345.67, "#,0.0"));
        Assert.Equal("n/a", HtmlReportRenderer.FormatCell(double.NaN, "0.0"));
        Assert.Equal("[0.1, 0.2]", HtmlReportRenderer.FormatCell(new MetricCell(0.15, Text: "[0.1, 0.2]"), "0.0"));
    }

    [Fact]
    public void SectionAnchorsAreStableAndUnique()
    {
        var taken = new HashSet<string>();
        Assert.Equal("image-metrics-baseline-vs-refined", Html.AnchorId("Image metrics: baseline vs refined", taken));
        Assert.Equal("image-metrics-baseline-vs-refined-2", Html.AnchorId("Image metrics: baseline vs refined", taken));
        Assert.Equal("section", Html.AnchorId("\u00e9\u00e9", taken));
    }

    [Fact]
    public void NonPngFigureBytesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Html.PngDataUri([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    }

    internal static byte[] TinyPng => new Toolchain.Evaluation.Plots.RgbImage(2, 2, [200, 30, 30, 30, 200, 30, 30, 30, 200, 240, 240, 240]).ToPng();

    /// <summary>Nothing outside the page: no network references, no scripts, every image a data: URI.</summary>
    internal static void AssertSelfContained(string html)
    {
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        var images = Regex.Matches(html, "<img\\b[^>]*>", RegexOptions.IgnoreCase);
        Assert.NotEmpty(images);
        Assert.All(images, m => Assert.Matches("^<img src=\"data:image/png;base64,[A-Za-z0-9+/=]+\"", m.Value));
    }
}
