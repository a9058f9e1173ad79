using Toolchain.Evaluation.Plots;

namespace Toolchain.Evaluation.Tests.Plots;

public class ChartTests
{
    private static LineChart RewardCurve()
    {
        double[] epochs = [.. Enumerable.Range(1, 12).Select(e => (double)e)];
        return new LineChart("Reward per epoch", "epoch", "reward")
            .Add(new LineSeries("overall", epochs, [.. epochs.Select(e => 0.3 + 0.04 * e)], [.. epochs.Select(_ => 0.08)]))
            .Add(new LineSeries("phase 1: diagnosis", epochs[..6], [.. epochs[..6].Select(e => 0.35 + 0.05 * e)]));
    }

    [Fact]
    public void LineChartIsAPngOfTheRequestedSizeAndIdenticalWhenRenderedTwice()
    {
        var chart = RewardCurve();
        byte[] first = chart.ToPng();
        byte[] second = RewardCurve().ToPng();
        Assert.Equal((PlotTheme.DefaultWidth, PlotTheme.DefaultHeight), Png.Size(first));
        Assert.Equal(first, second);
        Assert.True(Png.DistinctColours(first) > 10, "the chart should not be blank");
    }

    [Fact]
    public void SmoothingChangesTheChartAndCustomSizeIsHonoured()
    {
        double[] steps = [.. Enumerable.Range(0, 200).Select(s => (double)s)];
        double[] loss = [.. steps.Select(s => 1.0 / (1 + s / 20) + (s % 7 - 3) * 0.03)];
        var raw = new LineChart("Loss", "step", "loss") { Width = 640, Height = 360 }.Add(new LineSeries("loss", steps, loss));
        var smooth = new LineChart("Loss", "step", "loss") { Width = 640, Height = 360, Smoothing = 0.9 }.Add(new LineSeries("loss", steps, loss));
        Assert.Equal((640, 360), Png.Size(raw.ToPng()));
        Assert.NotEqual(raw.ToPng(), smooth.ToPng());
    }

    [Fact]
    public void LineSeriesWithMismatchedLengthsIsRejected()
    {
        var chart = new LineChart("t", "x", "y");
        Assert.Throws<ArgumentException>(() => chart.Add(new LineSeries("bad", [1, 2, 3], [1, 2])));
        Assert.Throws<ArgumentException>(() => chart.Add(new LineSeries("bad", [1, 2], [1, 2], [0.1])));
        Assert.Throws<InvalidOperationException>(() => chart.ToPng());
    }

    [Fact]
    public void ExponentialMovingAverageIsIdentityAtZeroDebiasedAndSmooths()
    {
        double[] values = [1, 3, 2, 5];
        Assert.Equal(values, Smoothing.ExponentialMovingAverage(values, 0));
        // Debiased: a constant series stays constant from the first point on.
        Assert.All(Smoothing.ExponentialMovingAverage([2, 2, 2], 0.9), v => Assert.Equal(2, v, 12));
        var smoothed = Smoothing.ExponentialMovingAverage(values, 0.5);
        Assert.Equal(1, smoothed[0], 12);
        // (0.5*0.5*1 + 0.5*3) / (0.5*0.5 + 0.5) = 1.75 / 0.75
        Assert.Equal(1.75 / 0.75, smoothed[1], 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => Smoothing.ExponentialMovingAverage(values, 1));
    }

    private static BarChart SubgroupAccuracy() =>
        new BarChart("Accuracy per subgroup", "accuracy", ["MEL + ruler", "MEL + hair", "NV + gel", "NV"]) { ValueRange = (0, 1) }
            .Add(new BarGroup("real only", [0.52, 0.61, 0.74, 0.88], [0.04, 0.03, 0.02, 0.01]))
            .Add(new BarGroup("real + synthetic", [0.63, 0.66, 0.75, 0.87], [0.03, 0.03, 0.02, 0.01]));

    [Fact]
    public void BarChartIsDeterministicAndSized()
    {
        byte[] png = SubgroupAccuracy().ToPng();
        Assert.Equal((PlotTheme.DefaultWidth, PlotTheme.DefaultHeight), Png.Size(png));
        Assert.Equal(png, SubgroupAccuracy().ToPng());
        Assert.True(Png.DistinctColours(png) > 10);
    }

    [Fact]
    public void BarGroupMustMatchTheCategories()
    {
        var chart = new BarChart("t", "y", ["a", "b"]);
        Assert.Throws<ArgumentException>(() => chart.Add(new BarGroup("g", [1])));
        Assert.Throws<ArgumentException>(() => chart.Add(new BarGroup("g", [1, 2], [0.1])));
        Assert.Throws<ArgumentException>(() => new BarChart("t", "y", []));
    }

    private static MetricComparison Comparison() =>
        new MetricComparison("Baseline vs refined", ["baseline", "refined"])
            .Add(new MetricPanel("Frechet distance (judge)", false, [41.2, 35.7], ValueFormat: "0.0"))
            .Add(new MetricPanel("KID", false, [0.031, 0.024]))
            .Add(new MetricPanel("APR", true, [0.21, 0.46]))
            .Add(new MetricPanel("Recall", true, [0.52, 0.44]));

    [Fact]
    public void MetricComparisonLaysPanelsOutInAGridDeterministically()
    {
        var comparison = Comparison();
        byte[] png = comparison.ToPng();
        // 4 panels in 3 columns: 2 rows.
        Assert.Equal((3 * 300, comparison.Height), Png.Size(png));
        Assert.Equal(44 + 30 + 2 * 250, comparison.Height);
        Assert.Equal(png, Comparison().ToPng());
    }

    [Fact]
    public void BestArmFollowsTheMetricsDirectionAndSkipsNonFiniteValues()
    {
        Assert.Equal(1, MetricComparison.BestIndex(new MetricPanel("fd", false, [3, 2, 4])));
        Assert.Equal(2, MetricComparison.BestIndex(new MetricPanel("apr", true, [0.1, double.NaN, 0.3])));
        Assert.Equal(-1, MetricComparison.BestIndex(new MetricPanel("x", true, [double.NaN])));
        Assert.Throws<ArgumentException>(() => Comparison().Add(new MetricPanel("bad", true, [1])));
    }

    [Fact]
    public void SavePngWritesTheSameBytes()
    {
        string folder = Path.Combine(Path.GetTempPath(), "toolchain-plot-test-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string path = Path.Combine(folder, "nested", "bars.png");
        try
        {
            var chart = SubgroupAccuracy();
            chart.SavePng(path);
            Assert.Equal(chart.ToPng(), File.ReadAllBytes(path));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
