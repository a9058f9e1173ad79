using System.Globalization;
using System.Text;
using Toolchain.Evaluation.Metrics;

namespace Toolchain.Evaluation.Report;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as one self-contained HTML page: inline CSS, images as data: URIs,
/// no scripts, no external fonts or links. Output is a pure function of the document (no clock, no host),
/// with '\n' line endings, so identical inputs give identical bytes.
/// </summary>
public static class HtmlReportRenderer
{
    public static string Render(ReportDocument document)
    {
        var html = new StringBuilder();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var sectionIds = document.Sections.Select(s => Html.AnchorId(s.Heading, ids)).ToList();

        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(Html.Escape(document.Title)).Append("</title>\n");
        html.Append("<style>\n").Append(ReportStyle.Css).Append("\n</style>\n</head>\n<body>\n<main>\n");
        html.Append("<header>\n<h1>").Append(Html.Escape(document.Title)).Append("</h1>\n");
        if (document.Subtitle is not null)
        {
            html.Append("<p class=\"subtitle\">").Append(Html.Escape(document.Subtitle)).Append("</p>\n");
        }
        html.Append("</header>\n");
        if (document.Sections.Count > 1)
        {
            html.Append("<nav class=\"toc\" aria-label=\"Contents\">\n<ol>\n");
            for (int i = 0; i < document.Sections.Count; i++)
            {
                html.Append("<li><a href=\"#").Append(sectionIds[i]).Append("\">")
                    .Append(Html.Escape(document.Sections[i].Heading)).Append("</a></li>\n");
            }
            html.Append("</ol>\n</nav>\n");
        }
        for (int i = 0; i < document.Sections.Count; i++)
        {
            var section = document.Sections[i];
            html.Append("<section id=\"").Append(sectionIds[i]).Append("\">\n<h2>")
                .Append(Html.Escape(section.Heading)).Append("</h2>\n");
            foreach (var block in section.Blocks)
            {
                RenderBlock(html, block);
            }
            html.Append("</section>\n");
        }
        html.Append("<footer>Self-contained report: every figure is embedded; the page loads nothing else.</footer>\n");
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Renders and writes the page as UTF-8 without a byte-order mark.</summary>
    public static void Write(ReportDocument document, string path)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        File.WriteAllText(path, Render(document), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    private static void RenderBlock(StringBuilder html, ReportBlock block)
    {
        switch (block)
        {
            case Paragraph p:
                html.Append("<p>").Append(Html.Escape(p.Text)).Append("</p>\n");
                break;
            case Note n:
                html.Append("<div class=\"note").Append(n.Kind == NoteKind.Warning ? " warning" : string.Empty).Append("\">")
                    .Append(Html.Escape(n.Text)).Append("</div>\n");
                break;
            case KeyValueTable kv:
                RenderKeyValues(html, kv);
                break;
            case MetricTable table:
                RenderMetricTable(html, table);
                break;
            case Figure f:
                RenderFigure(html, f.Png, f.Caption, "figure");
                break;
            case ImageGridFigure g:
                RenderFigure(html, g.Png, g.Caption, "figure grid");
                break;
            case VerdictList v:
                RenderVerdicts(html, v);
                break;
            case MemorisationCases m:
                RenderMemorisation(html, m);
                break;
            default:
                throw new NotSupportedException($"report block {block.GetType().Name} has no HTML rendering");
        }
    }

    private static void RenderKeyValues(StringBuilder html, KeyValueTable kv)
    {
        html.Append("<table class=\"kv\">\n");
        AppendCaption(html, kv.Caption);
        html.Append("<tbody>\n");
        foreach (var (key, value) in kv.Entries)
        {
            html.Append("<tr><th scope=\"row\">").Append(Html.Escape(key)).Append("</th><td>")
                .Append(Html.Escape(value)).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    private static void RenderMetricTable(StringBuilder html, MetricTable table)
    {
        var best = Enumerable.Range(0, table.Columns.Count).Select(table.BestOf).ToArray();
        html.Append("<div class=\"table-scroll\">\n<table class=\"metrics\">\n");
        AppendCaption(html, table.Caption);
        html.Append("<thead><tr><th scope=\"col\">").Append(Html.Escape(table.RowHeader)).Append("</th>");
        foreach (var column in table.Columns)
        {
            html.Append("<th scope=\"col\">").Append(Html.Escape(column.Header)).Append(Arrow(column.Best)).Append("</th>");
        }
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr><th scope=\"row\">").Append(Html.Escape(row.Label)).Append("</th>");
            for (int c = 0; c < table.Columns.Count; c++)
            {
                var cell = row.Cells[c];
                string css = cell.Value is null && cell.Text is null ? "num missing"
                    : best[c] is { } b && cell.Value == b ? "num best" : "num";
                html.Append("<td class=\"").Append(css).Append("\">")
                    .Append(Html.Escape(FormatCell(cell, table.Columns[c].Format))).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n</div>\n");
    }

    private static string Arrow(BestValue best) => best switch
    {
        BestValue.Highest => " \u2191",
        BestValue.Lowest => " \u2193",
        _ => string.Empty,
    };

    /// <summary>Formats a cell with the invariant culture; NaN reads "n/a", a missing value an em dash.</summary>
    public static string FormatCell(MetricCell cell, string format)
    {
        if (cell.Text is not null)
        {
            return cell.Text;
        }
        if (cell.Value is not { } value)
        {
            return "\u2014";
        }
        if (double.IsNaN(value))
        {
            return "n/a";
        }
        string text = value.ToString(format, CultureInfo.InvariantCulture);
        if (cell.Spread is { } spread)
        {
            text += " \u00b1 " + spread.ToString(format, CultureInfo.InvariantCulture);
        }
        return text;
    }

    private static void RenderFigure(StringBuilder html, byte[] png, string caption, string css)
    {
        html.Append("<figure class=\"").Append(css).Append("\"><img src=\"").Append(Html.PngDataUri(png))
            .Append("\" alt=\"").Append(Html.Escape(caption)).Append("\">");
        html.Append("<figcaption>").Append(Html.Escape(caption)).Append("</figcaption></figure>\n");
    }

    private static void RenderVerdicts(StringBuilder html, VerdictList list)
    {
        if (list.Caption is not null)
        {
            html.Append("<p><strong>").Append(Html.Escape(list.Caption)).Append("</strong></p>\n");
        }
        html.Append("<ul class=\"verdicts\">\n");
        foreach (var line in list.Lines)
        {
            string css = line.Verdict switch
            {
                Verdict.Helped => "helped",
                Verdict.Hurt => "hurt",
                _ => "none",
            };
            html.Append("<li><span class=\"verdict ").Append(css).Append("\">").Append(Html.Escape(VerdictRules.Describe(line.Verdict)))
                .Append("</span><span class=\"subject\">").Append(Html.Escape(line.Subject)).Append("</span><span class=\"detail\">")
                .Append(Html.Escape(line.Detail)).Append("</span></li>\n");
        }
        html.Append("</ul>\n");
    }

    private static void RenderMemorisation(StringBuilder html, MemorisationCases memo)
    {
        html.Append("<table class=\"memo\">\n");
        AppendCaption(html, memo.Caption);
        html.Append("<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Generated</th><th scope=\"col\">Nearest training image</th>")
            .Append("<th scope=\"col\">Distance</th><th scope=\"col\">Generated from</th><th scope=\"col\">Training image</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < memo.Cases.Count; i++)
        {
            var item = memo.Cases[i];
            bool flagged = memo.Threshold is { } t && item.Distance < t;
            html.Append(flagged ? "<tr class=\"flag\">" : "<tr>")
                .Append("<th scope=\"row\">").Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append("</th>");
            AppendPixelImage(html, item.Generated, memo.Scale, "generated: " + item.GeneratedLabel);
            AppendPixelImage(html, item.NearestTraining, memo.Scale, "training: " + item.TrainingLabel);
            html.Append("<td class=\"num\">").Append(item.Distance.ToString("0.0000", CultureInfo.InvariantCulture))
                .Append(flagged ? " (below threshold)" : string.Empty).Append("</td>");
            html.Append("<td class=\"label\">").Append(Html.Escape(item.GeneratedLabel)).Append("</td>");
            html.Append("<td class=\"label\">").Append(Html.Escape(item.TrainingLabel)).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    private static void AppendPixelImage(StringBuilder html, Plots.RgbImage image, int scale, string alt)
    {
        html.Append("<td><img src=\"").Append(Html.PngDataUri(image.ToPng(scale)))
            .Append("\" width=\"").Append((image.Width * scale).ToString(CultureInfo.InvariantCulture))
            .Append("\" height=\"").Append((image.Height * scale).ToString(CultureInfo.InvariantCulture))
            .Append("\" alt=\"").Append(Html.Escape(alt)).Append("\"></td>");
    }

    private static void AppendCaption(StringBuilder html, string? caption)
    {
        if (caption is not null)
        {
            html.Append("<caption>").Append(Html.Escape(caption)).Append("</caption>\n");
        }
    }
}
