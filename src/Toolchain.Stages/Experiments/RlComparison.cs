using System.Globalization;
using System.Text;
using Toolchain.Core;
using Toolchain.Evaluation.Plots;
using Toolchain.Pipeline.Hashing;
using Toolchain.Specs.Loading;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Evaluate;
using Toolchain.Stages.FineTune;
using Toolchain.Stages.Refine;
using Toolchain.Stages.Rewards;
using Toolchain.Stages.Running;
using Toolchain.Stages.Sample;
using Toolchain.Stages.Translation;

namespace Toolchain.Stages.Experiments;

/// <summary>
/// Runs each arm's pipeline up to refine through the stage cache (arms that share upstream settings share its
/// entries), then measures every arm's kept epoch adapters with the judge: a learning curve of judge APR against
/// RL samples seen. RL never reads the judge; it is applied afterwards to the adapters RL wrote. Measurements are
/// kept in <c>points/</c> under a key of everything they depend on, so adding an arm re-measures only that arm.
/// </summary>
public sealed class RlComparison(PipelineRunner runner, string cacheRoot, string outputFolder, Action<string> log)
{
    public const string CurvesFile = "curves.csv";
    public const string SummaryFile = "summary.md";
    public const string PlotFile = "judge-apr.png";

    public IReadOnlyList<JudgeCurvePoint> Run(RlComparisonSpec experiment, CancellationToken cancellation = default)
    {
        Directory.CreateDirectory(outputFolder);
        var points = new List<JudgeCurvePoint>();
        var timings = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var arm in experiment.Arms)
        {
            cancellation.ThrowIfCancellationRequested();
            // The lock file of an arm lives with the experiment's outputs, not beside the dataset spec.
            var spec = experiment.Resolve(arm) with { SpecFile = Path.Combine(Path.GetFullPath(outputFolder), arm.Name + ".yaml") };
            log($"arm {arm.Name}: pipeline up to refine");
            var runs = runner.Run(spec, new RunOptions(cacheRoot, StageCatalog.Refine), cancellation);
            var entries = runs.ToDictionary(r => r.Stage, r => r.Entry, StringComparer.Ordinal);
            if (!entries.TryGetValue(StageCatalog.Refine, out var refine))
            {
                throw new ToolchainError($"arm {arm.Name}: the pipeline has no refine stage", 2);
            }
            timings[arm.Name] = RefineSeconds(refine.Directory + ".log");
            points.AddRange(MeasureArm(arm.Name, spec, experiment, entries[StageCatalog.Finetune].OutputsDirectory, entries[StageCatalog.Finetune].OutputDigest,
                entries[StageCatalog.TrainReward].OutputsDirectory, entries[StageCatalog.TrainReward].OutputDigest, refine.OutputsDirectory, cancellation));
        }

        File.WriteAllText(Path.Combine(outputFolder, CurvesFile), Csv(points), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(outputFolder, SummaryFile), Summary(experiment, points, timings), new UTF8Encoding(false));
        var chart = new LineChart("Judge APR during RL", "RL samples seen", "judge APR");
        foreach (var arm in experiment.Arms)
        {
            var curve = points.Where(p => p.Arm == arm.Name).OrderBy(p => p.SamplesSeen).ToList();
            chart.Add(new LineSeries(arm.Name, curve.Select(p => (double)p.SamplesSeen).ToList(), curve.Select(p => p.Apr).ToList(), curve.Select(p => p.AprStandardError).ToList()));
        }
        chart.SavePng(Path.Combine(outputFolder, PlotFile));
        return points;
    }

    private IEnumerable<JudgeCurvePoint> MeasureArm(string arm, ResolvedSpec spec, RlComparisonSpec experiment, string finetune, string finetuneDigest,
        string trainReward, string trainRewardDigest, string refine, CancellationToken cancellation)
    {
        int resolution = spec.GetStage(StageCatalog.Prepare).Settings["resolution"]!.GetValue<int>();
        var sampling = SampleSettings.Read(spec, spec.GetStage(StageCatalog.Sample));
        var template = DatasetTranslation.Template(spec.Dataset);
        using var judge = ClassifierJudge.Load(Path.Combine(trainReward, JudgeModel.FolderName));
        // Sampled the way Evaluate samples (the Sample stage's steps, guidance and eta).
        var modelFolder = Path.Combine(finetune, FineTuneStage.ModelFolder);
        var curve = new JudgeCurve(judge, template, adapters => new DiffusionSampler(modelFolder, adapters, sampling.Sampling, sampling.BatchSize, resolution),
            experiment.ImagesPerPrompt, spec.Dataset.Seed);
        var history = StageCsv.Read(Path.Combine(refine, RewardHistory.CsvFile), "epoch", "samples_seen", "reward_mean")
            .Select(row => (Epoch: int.Parse(row["epoch"], CultureInfo.InvariantCulture) + 1,
                Samples: long.Parse(row["samples_seen"], CultureInfo.InvariantCulture),
                Reward: double.Parse(row["reward_mean"], CultureInfo.InvariantCulture)))
            .ToList();
        int last = history.Count;
        var measured = new List<(int Epoch, long Samples, double? Reward)> { (0, 0, null) };
        measured.AddRange(history.Where(h => h.Epoch % experiment.Every == 0 || h.Epoch == last).Select(h => (h.Epoch, h.Samples, (double?)h.Reward)));

        foreach (var (epoch, samples, reward) in measured)
        {
            cancellation.ThrowIfCancellationRequested();
            string? adapters = epoch == 0 ? null : Path.Combine(refine, RefineStage.EpochFile(epoch));
            if (adapters is not null && !File.Exists(adapters))
            {
                throw new ToolchainError($"{adapters} is missing: refine keeps every epoch's adapters since stage version 2", 1);
            }
            string key = Sha256Hex.OfString(string.Join("|", "judge-curve-1", adapters is null ? "none" : Sha256Hex.OfFile(adapters), finetuneDigest, trainRewardDigest,
                sampling.Sampling.Steps.ToString(CultureInfo.InvariantCulture), sampling.Sampling.GuidanceScale.ToString("R", CultureInfo.InvariantCulture),
                sampling.Sampling.Eta.ToString("R", CultureInfo.InvariantCulture), experiment.ImagesPerPrompt.ToString(CultureInfo.InvariantCulture),
                spec.Dataset.Seed.ToString(CultureInfo.InvariantCulture), resolution.ToString(CultureInfo.InvariantCulture)));
            string stored = Path.Combine(outputFolder, "points", key[..16] + ".txt");
            double apr, diagnosis;
            if (File.Exists(stored))
            {
                var parts = File.ReadAllText(stored).Split(',');
                (apr, diagnosis) = (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
            }
            else
            {
                (apr, diagnosis) = curve.Measure(adapters);
                Directory.CreateDirectory(Path.GetDirectoryName(stored)!);
                File.WriteAllText(stored + ".partial", string.Create(CultureInfo.InvariantCulture, $"{apr:R},{diagnosis:R}"));
                File.Move(stored + ".partial", stored, overwrite: true);
            }
            log(string.Create(CultureInfo.InvariantCulture, $"arm {arm}: epoch {epoch} ({samples} samples): judge APR {apr:F3}, diagnosis agreement {diagnosis:F3} on {curve.Images} images"));
            yield return new JudgeCurvePoint(arm, epoch, samples, reward, apr, diagnosis, curve.Images);
        }
    }

    private static double RefineSeconds(string logFile)
    {
        // rewards.csv holds no wall times (they would break byte-identical reruns); the stage log beside the entry has them.
        if (!File.Exists(logFile))
        {
            return double.NaN;
        }
        var done = File.ReadLines(logFile).LastOrDefault(l => l.Contains(" done in ", StringComparison.Ordinal));
        if (done is null)
        {
            return double.NaN;
        }
        var text = done[(done.IndexOf(" done in ", StringComparison.Ordinal) + 9)..];
        return double.TryParse(text[..text.IndexOf('s')], NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) ? seconds : double.NaN;
    }

    private static string Csv(IEnumerable<JudgeCurvePoint> points)
    {
        var text = new StringBuilder("arm,epoch,samples_seen,reward_mean,judge_apr,judge_apr_se,judge_diagnosis_agreement,images\n");
        foreach (var p in points)
        {
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"{p.Arm},{p.Epoch},{p.SamplesSeen},{(p.RewardMean is { } r ? r.ToString("R", CultureInfo.InvariantCulture) : "")},{p.Apr:R},{p.AprStandardError:F4},{p.DiagnosisAgreement:R},{p.Images}\n"));
        }
        return text.ToString();
    }

    private static string Summary(RlComparisonSpec experiment, IReadOnlyList<JudgeCurvePoint> points, IReadOnlyDictionary<string, double> seconds)
    {
        var reference = points.Where(p => p.Arm == experiment.Reference).OrderBy(p => p.SamplesSeen).ToList();
        var baseline = reference[0];
        var final = reference[^1];
        long? referenceSamples = SamplesToReach.First(reference.Where(p => p.Epoch > 0), final.Apr);
        var text = new StringBuilder();
        text.Append(string.Create(CultureInfo.InvariantCulture,
            $"# RL comparison: {Path.GetFileName(experiment.File)}\n\nTarget: the final judge APR of `{experiment.Reference}`, {final.Apr:F3} (+- {final.AprStandardError:F3} s.e.) after {final.SamplesSeen} samples; the FineTune model alone: {baseline.Apr:F3}. Judge on {final.Images} images per point ({experiment.ImagesPerPrompt} per prompt), measured every {experiment.Every} epoch(s).\n\n"));
        if (final.Apr <= baseline.Apr)
        {
            text.Append($"`{experiment.Reference}` did not raise the judge APR above the FineTune model's, so samples-to-reach measures nothing here.\n\n");
        }
        text.Append("| arm | final judge APR | final diagnosis agreement | final RL reward | samples to reach target | vs reference | refine wall time (s) |\n|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var arm in experiment.Arms)
        {
            var curve = points.Where(p => p.Arm == arm.Name).OrderBy(p => p.SamplesSeen).ToList();
            long? reached = SamplesToReach.First(curve.Where(p => p.Epoch > 0), final.Apr);
            string ratio = reached is { } r && referenceSamples is { } d && d > 0 ? (r / (double)d).ToString("0.00", CultureInfo.InvariantCulture) : "n/a";
            var last = curve[^1];
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"| {arm.Name} | {last.Apr:F3} | {last.DiagnosisAgreement:F3} | {(last.RewardMean is { } reward ? reward.ToString("F3", CultureInfo.InvariantCulture) : "n/a")} | {(reached is { } s ? s.ToString(CultureInfo.InvariantCulture) : $"not reached in {last.SamplesSeen}")} | {ratio} | {seconds.GetValueOrDefault(arm.Name, double.NaN):F0} |\n"));
        }
        return text.ToString();
    }
}
