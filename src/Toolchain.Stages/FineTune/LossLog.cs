using System.Globalization;
using System.Text;
using Toolchain.Diffusion.Training;
using Toolchain.Evaluation.Plots;

namespace Toolchain.Stages.FineTune;

/// <summary>
/// The training loss per step as <c>loss.csv</c> (step, epoch, loss) and its curve <c>loss.png</c>; the final
/// model's error per noise level as <c>timestep-loss.csv</c> and <c>timestep-loss.png</c>.
/// </summary>
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

    public static string TimestepCsv(IReadOnlyList<TimestepError> errors)
    {
        var text = new StringBuilder("timestep,mse\n");
        foreach (var e in errors)
        {
            text.Append(CultureInfo.InvariantCulture, $"{e.Timestep},{e.MeanSquaredError.ToString("R", CultureInfo.InvariantCulture)}\n");
        }
        return text.ToString();
    }

    public static byte[] TimestepPng(IReadOnlyList<TimestepError> errors) =>
        new LineChart("Final model's denoising error by noise level (fixed images and noise)", "training timestep (higher = noisier)", "MSE against the training target")
            .Add(new LineSeries("mse", errors.Select(e => (double)e.Timestep).ToList(), errors.Select(e => e.MeanSquaredError).ToList()))
            .ToPng();

    /// <summary>Mean loss of each epoch, for the log and the stage summary.</summary>
    public static IReadOnlyList<double> EpochMeans(IReadOnlyList<LossRecord> losses) =>
        losses.GroupBy(l => l.Epoch).OrderBy(g => g.Key).Select(g => g.Average(l => (double)l.Loss)).ToList();
}
