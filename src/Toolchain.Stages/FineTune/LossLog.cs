using System.Globalization;
using System.Text;
using Toolchain.Diffusion.Training;
using Toolchain.Evaluation.Plots;

namespace Toolchain.Stages.FineTune;

/// <summary>The training loss per step as <c>loss.csv</c> (step, epoch, loss) and its curve <c>loss.png</c>.</summary>
public static class LossLog
{
    public static string Csv(IReadOnlyList<LossRecord> losses)
    {
        var text = new StringBuilder("step,epoch,loss\n");
        foreach (var l in losses)
        {
            // "R" round-trips the float, so the file is the exact log and the same run gives the same bytes.
            text.Append(CultureInfo.InvariantCulture, $"{l.Step},{l.Epoch},{l.Loss.ToString("R", CultureInfo.InvariantCulture)}\n");
        }
        return text.ToString();
    }

    public static byte[] Png(IReadOnlyList<LossRecord> losses) =>
        new LineChart("FineTune training loss", "optimizer step", "MSE loss") { Smoothing = 0.9 }
            .Add(new LineSeries("loss", losses.Select(l => (double)l.Step).ToList(), losses.Select(l => (double)l.Loss).ToList()))
            .ToPng();

    /// <summary>Mean loss of each epoch, for the log and the stage summary.</summary>
    public static IReadOnlyList<double> EpochMeans(IReadOnlyList<LossRecord> losses) =>
        losses.GroupBy(l => l.Epoch).OrderBy(g => g.Key).Select(g => g.Average(l => (double)l.Loss)).ToList();
}
