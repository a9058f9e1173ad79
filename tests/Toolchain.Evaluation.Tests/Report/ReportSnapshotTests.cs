using ApprovalTests;
using ApprovalTests.Reporters;
using ApprovalTests.Writers;
using Toolchain.Evaluation.Metrics;
using Toolchain.Evaluation.Plots;
using Toolchain.Evaluation.Report;

namespace Toolchain.Evaluation.Tests.Report;

/// <summary>The exact HTML of a small report, approved once; images are 2x2 so the snapshot stays readable.</summary>
[UseReporter(typeof(QuietReporter))]
public class ReportSnapshotTests
{
    [Fact]
    public void SmallReportHtmlMatchesTheApprovedSnapshot()
    {
        var tiny = new RgbImage(2, 2, [200, 30, 30, 30, 200, 30, 30, 30, 200, 240, 240, 240]);
        var document = new ReportDocument("Snapshot report") { Subtitle = "spec tiny, version 1.0.0" };
        document.AddSection("Summary")
            .Add(new Paragraph("Two arms & one metric."))
            .Add(new KeyValueTable("Provenance", [new("Prepare", "0123abcd"), new("seed", "7")]));
        document.AddSection("Metrics")
            .Add(new Note("Frechet distance on judge features, not FID.", NoteKind.Warning))
            .Add(new MetricTable("APR", "model",
                [new MetricColumn("APR", "0.000", BestValue.Highest), new MetricColumn("FD (judge)", "0.0", BestValue.Lowest)],
                [new MetricRow("baseline", [0.21, 41.2]), new MetricRow("refined", [new MetricCell(0.46, 0.02), 35.7])]))
            .Add(new Figure(tiny.ToPng(), "A 2x2 stand-in for a chart."))
            .Add(new ImageGridFigure(tiny.ToPng(1), "A 2x2 stand-in for a grid."));
        document.AddSection("Downstream")
            .Add(new VerdictList("Per subgroup", [new VerdictLine("MEL + ruler", Verdict.Helped, "+0.12 [0.05, 0.19]"), new VerdictLine("NV", Verdict.NoDetectableEffect, "-0.01 [-0.03, 0.01]")]));
        document.AddSection("Memorisation")
            .Add(new MemorisationCases("Closest", [new MemorisationCase(tiny, tiny, 0.0, "prompt 'nevus', seed 3", "train/0001.png")], Threshold: 0.5, Scale: 1));
        Approvals.Verify(new ApprovalTextWriter(HtmlReportRenderer.Render(document), "html"));
    }
}
