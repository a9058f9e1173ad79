using System.Globalization;
using System.Text;
using Toolchain.Evaluation.Plots;
using Toolchain.Rl.Training;

namespace Toolchain.Stages.Refine;

/// <summary>
/// <c>rewards.csv</c> (one row per epoch) and <c>reward-curve.png</c> from the epoch reports. Wall-clock seconds
/// are left out: outputs must be the same bytes on every run of the same settings.
/// </summary>
public static class RewardHistory
{
    public const string CsvFile = "rewards.csv";
    public const string CurveFile = "reward-curve.png";

    /// <param name="prompts">The policy's prompt list: one per-prompt mean column each, in this order.</param>
    /// <param name="rewardNames">Every reward term of any phase: one column each (empty when the epoch's phase lacks it).</param>
    public static string Csv(IReadOnlyList<EpochReport> reports, IReadOnlyList<string> prompts, IReadOnlyList<string> rewardNames)
    {
        var header = new List<string> { "epoch", "phase", "epoch_in_phase", "samples_seen", "reward_mean", "reward_std" };
        header.AddRange(rewardNames.Select(n => "reward_" + n));
        header.AddRange(["approx_kl", "clip_fraction", "reference_kl", "grad_norm", "loss", "optimizer_steps", "validation_reward", "stopped_early"]);
        header.AddRange(prompts.Select(p => "mean: " + p));
        var text = new StringBuilder();
        text.Append(string.Join(",", header.Select(Quote))).Append('\n');
        foreach (var r in reports)
        {
            var perPrompt = r.PerPrompt.ToDictionary(p => p.Prompt, p => p.Mean, StringComparer.Ordinal);
            var cells = new List<string>
            {
                Int(r.Epoch), Quote(r.Phase), Int(r.EpochInPhase), r.SamplesSeen.ToString(CultureInfo.InvariantCulture),
                Number(r.RewardMean), Number(r.RewardStd),
            };
            cells.AddRange(rewardNames.Select(n => r.RewardComponents.TryGetValue(n, out var v) ? Number(v) : ""));
            cells.AddRange([
                Number(r.ApproxKl), Number(r.ClipFraction), r.ReferenceKl is { } kl ? Number(kl) : "", Number(r.GradNorm), Number(r.Loss),
                Int(r.OptimizerSteps), r.ValidationReward is { } v ? Number(v) : "", r.StoppedEarly ? "true" : "false",
            ]);
            // Prompts not drawn this epoch have no mean.
            cells.AddRange(prompts.Select(p => perPrompt.TryGetValue(p, out var m) ? Number(m) : ""));
            text.Append(string.Join(",", cells)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Mean reward per epoch with a +-std band, one series per phase (phases use different reward mixes).</summary>
    public static byte[] Curve(IReadOnlyList<EpochReport> reports)
    {
        var chart = new LineChart("Refine: reward per epoch (mean ± std of the epoch's samples)", "epoch", "reward");
        foreach (var phase in reports.GroupBy(r => r.Phase))
        {
            var rows = phase.ToList();
            chart.Add(new LineSeries(
                reports.Select(r => r.Phase).Distinct().Count() > 1 ? $"phase {phase.Key}" : "reward",
                rows.Select(r => (double)(r.Epoch + 1)).ToArray(),
                rows.Select(r => r.RewardMean).ToArray(),
                rows.Select(r => r.RewardStd).ToArray()));
        }
        var validation = reports.Where(r => r.ValidationReward is not null).ToList();
        if (validation.Count > 0)
        {
            chart.Add(new LineSeries("validation", validation.Select(r => (double)(r.Epoch + 1)).ToArray(), validation.Select(r => r.ValidationReward!.Value).ToArray()));
        }
        return chart.ToPng();
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"") + "\"";
}
