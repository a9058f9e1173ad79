using System.Globalization;
using System.Text;
using Toolchain.Core;
using Toolchain.Core.Files;
using Toolchain.Data.Canonical;
using Toolchain.Diffusion.Checkpoints;
using Toolchain.Evaluation.Plots;
using Toolchain.Pipeline.Hashing;
using Toolchain.Specs.Loading;
using Toolchain.Specs.Stages;
using Toolchain.Stages.Evaluate;
using Toolchain.Stages.FineTune;
using Toolchain.Stages.Prepare;
using Toolchain.Stages.Refine;
using Toolchain.Stages.Rewards;
using Toolchain.Stages.Running;
using Toolchain.Stages.Sample;
using Toolchain.Stages.Translation;

namespace Toolchain.Stages.Experiments;

/// <summary>
/// Runs each arm's pipeline up to refine through the stage cache (arms that share upstream settings share its
/// entries), then measures every arm's kept epoch adapters with the judge: a learning curve of judge APR against
/// RL samples seen, with the Frechet distance of the images' judge features to the real test images' beside it. RL
/// never reads the judge; it is applied afterwards to the adapters RL wrote. Measurements are kept in
/// <c>points/</c> under a key of everything they depend on, so adding an arm re-measures only that arm.
/// </summary>
public sealed class RlComparison(PipelineRunner runner, string cacheRoot, string outputFolder, Action<string> log)
{
    public const string CurvesFile = "curves.csv";
    public const string SummaryFile = "summary.md";
    public const string PlotFile = "judge-apr.png";
    public const string FrechetPlotFile = "judge-frechet.png";

    public IReadOnlyList<JudgeCurvePoint> Run(RlComparisonSpec experiment, CancellationToken cancellation = default)
    {
        var arms = experiment.ResolveArms();
        Directory.CreateDirectory(outputFolder);
        var points = new List<JudgeCurvePoint>();
        var timings = new Dictionary<string, double>(StringComparer.Ordinal);
        var checks = new List<SamplerCheck>();
        int realImages = 0;
        foreach (var (arm, resolved) in arms)
        {
            cancellation.ThrowIfCancellationRequested();
            // The lock file of an arm lives with the experiment's outputs, not beside the dataset spec.
            var spec = resolved with { SpecFile = Path.Combine(Path.GetFullPath(outputFolder), arm.Name + ".yaml") };
            log($"arm {arm.Name}: pipeline up to refine");
            var runs = runner.Run(spec, new RunOptions(cacheRoot, StageCatalog.Refine), cancellation);
            var entries = runs.ToDictionary(r => r.Stage, r => r.Entry, StringComparer.Ordinal);
            if (!entries.TryGetValue(StageCatalog.Refine, out var refine))
            {
                throw new ToolchainError($"arm {arm.Name}: the pipeline has no refine stage", 2);
            }
            timings[arm.Name] = RefineSeconds(refine.Directory + ".log");
            var upstream = new Upstream(entries[StageCatalog.Prepare].OutputsDirectory, entries[StageCatalog.Prepare].OutputDigest,
                entries[StageCatalog.Finetune].OutputsDirectory, entries[StageCatalog.Finetune].OutputDigest,
                entries[StageCatalog.TrainReward].OutputsDirectory, entries[StageCatalog.TrainReward].OutputDigest);
            var sampling = SampleSettings.Read(spec, spec.GetStage(StageCatalog.Sample));
            using var judge = ClassifierJudge.Load(Path.Combine(upstream.TrainReward, JudgeModel.FolderName));
            var real = RealImages(spec, upstream);
            realImages = real.Count;
            points.AddRange(MeasureArm(arm.Name, spec, experiment, upstream, judge, real, sampling, refine.OutputsDirectory, cancellation));
            checks.Add(CheckRlSampler(arm.Name, spec, experiment, upstream, judge, real, sampling));
        }

        File.WriteAllText(Path.Combine(outputFolder, CurvesFile), Csv(points), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(outputFolder, SummaryFile), RlComparisonSummary.Markdown(experiment, points, timings, checks, realImages), new UTF8Encoding(false));
        var chart = new LineChart("Judge APR during RL", "RL samples seen", "judge APR");
        var frechet = new LineChart("Distance to real images during RL", "RL samples seen", "Frechet distance (judge features)");
        foreach (var arm in experiment.Arms)
        {
            var curve = RlComparisonSummary.Curve(points, arm.Name);
            var samples = curve.Select(p => (double)p.SamplesSeen).ToList();
            chart.Add(new LineSeries(arm.Name, samples, curve.Select(p => p.Apr).ToList(), curve.Select(p => p.AprStandardError).ToList()));
            frechet.Add(new LineSeries(arm.Name, samples, curve.Select(p => p.FrechetJudgeFeatures).ToList()));
        }
        chart.SavePng(Path.Combine(outputFolder, PlotFile));
        frechet.SavePng(Path.Combine(outputFolder, FrechetPlotFile));
        return points;
    }

    /// <summary>The Prepare, FineTune and TrainReward outputs an arm was measured against.</summary>
    private sealed record Upstream(string Prepare, string PrepareDigest, string Finetune, string FinetuneDigest, string TrainReward, string TrainRewardDigest);

    /// <summary>The test split's images that a prompt describes: the real side of the Frechet distance, as in Evaluate.</summary>
    private static List<RgbImage> RealImages(ResolvedSpec spec, Upstream upstream)
    {
        var folder = Path.Combine(upstream.Prepare, PrepareStage.DatasetFolder);
        var dataset = CanonicalDatasetReader.Read(folder);
        var records = DescribedRecords.Of(dataset, DatasetTranslation.Template(spec.Dataset), SplitNames.Test);
        if (records.Count < 2)
        {
            throw new ToolchainError($"{folder}: the test split has {records.Count} image(s) a prompt describes; the distance to real images needs at least two", 2);
        }
        return records.Select(r => RgbFiles.Read(Path.Combine(folder, r.Record.FileName), Resolution(spec))).ToList();
    }

    /// <param name="sampling">The Sample stage's settings: the curve samples the way Evaluate does.</param>
    private IEnumerable<JudgeCurvePoint> MeasureArm(string arm, ResolvedSpec spec, RlComparisonSpec experiment, Upstream upstream, ClassifierJudge judge,
        IReadOnlyList<RgbImage> real, SampleSettings sampling, string refine, CancellationToken cancellation)
    {
        var curve = Curve(judge, spec, experiment, upstream, real, sampling.Sampling, sampling.BatchSize);
        var history = StageCsv.Read(Path.Combine(refine, RewardHistory.CsvFile), "epoch", "samples_seen", "reward_mean")
            .Select(row => (Epoch: int.Parse(row["epoch"], CultureInfo.InvariantCulture) + 1,
                Samples: long.Parse(row["samples_seen"], CultureInfo.InvariantCulture),
                Reward: double.Parse(row["reward_mean"], CultureInfo.InvariantCulture)))
            .ToList();
        var measured = new List<(int Epoch, long Samples, double? Reward)> { (0, 0, null) };
        measured.AddRange(history
            .Where((h, i) => experiment.Spacing.Measures(h.Epoch, i == 0 ? 0 : history[i - 1].Samples, h.Samples, isLast: i == history.Count - 1))
            .Select(h => (h.Epoch, h.Samples, (double?)h.Reward)));

        foreach (var (epoch, samples, reward) in measured)
        {
            cancellation.ThrowIfCancellationRequested();
            string? adapters = epoch == 0 ? null : Path.Combine(refine, RefineStage.EpochFile(epoch));
            if (adapters is not null && !File.Exists(adapters))
            {
                throw new ToolchainError($"{adapters} is missing: refine keeps every epoch's adapters since stage version 2", 1);
            }
            var verdict = MeasureOnce(curve, adapters, spec, experiment, upstream, sampling.Sampling);
            log(string.Create(CultureInfo.InvariantCulture,
                $"arm {arm}: epoch {epoch} ({samples} samples): judge APR {verdict.Apr:F3}, diagnosis agreement {verdict.DiagnosisAgreement:F3}, Frechet (judge features) {verdict.FrechetJudgeFeatures:F1} on {curve.Images} images"));
            yield return new JudgeCurvePoint(arm, epoch, samples, reward, verdict.Apr, verdict.DiagnosisAgreement, curve.Images, verdict.FrechetJudgeFeatures);
        }
    }

    /// <summary>
    /// The FineTune model judged on images drawn the way refine draws its trajectories (its steps, guidance and
    /// eta). RL learns only from what the reward sees in those; if the judge finds them near chance while the
    /// Sample stage's images are recognisable, RL's gains have little to carry over to the images users get.
    /// </summary>
    private SamplerCheck CheckRlSampler(string arm, ResolvedSpec spec, RlComparisonSpec experiment, Upstream upstream, ClassifierJudge judge,
        IReadOnlyList<RgbImage> real, SampleSettings curves)
    {
        var policy = RefineSettings.Read(spec.GetStage(StageCatalog.Refine).Settings, spec.Dataset.Seed).Policy;
        var sampling = new SamplingSettings(policy.NumSteps, policy.GuidanceScale, policy.Eta);
        var curve = Curve(judge, spec, experiment, upstream, real, sampling, curves.BatchSize);
        var measured = MeasureOnce(curve, null, spec, experiment, upstream, sampling);
        log(string.Create(CultureInfo.InvariantCulture,
            $"arm {arm}: FineTune model sampled like refine ({policy.NumSteps} steps, eta {policy.Eta}, guidance {policy.GuidanceScale}): judge APR {measured.Apr:F3}, diagnosis agreement {measured.DiagnosisAgreement:F3}"));
        return new SamplerCheck(arm, sampling, curves.Sampling, measured.Apr, measured.DiagnosisAgreement);
    }

    private static JudgeCurve Curve(ClassifierJudge judge, ResolvedSpec spec, RlComparisonSpec experiment, Upstream upstream, IReadOnlyList<RgbImage> real,
        SamplingSettings sampling, int batchSize)
    {
        int resolution = Resolution(spec);
        var modelFolder = Path.Combine(upstream.Finetune, FineTuneStage.ModelFolder);
        return new JudgeCurve(judge, DatasetTranslation.Template(spec.Dataset),
            adapters => new DiffusionSampler(modelFolder, adapters, sampling, batchSize, resolution), experiment.ImagesPerPrompt, spec.Dataset.Seed, real);
    }

    private static int Resolution(ResolvedSpec spec) => spec.GetStage(StageCatalog.Prepare).Settings["resolution"]!.GetValue<int>();

    /// <summary>Measures once per key of everything the result depends on; later runs read the stored result.</summary>
    private JudgeMeasurement MeasureOnce(JudgeCurve curve, string? adapters, ResolvedSpec spec, RlComparisonSpec experiment, Upstream upstream, SamplingSettings sampling)
    {
        // Version 2 added the Frechet distance, which depends on Prepare's test images too.
        string key = Sha256Hex.OfString(string.Join("|", "judge-curve-2", adapters is null ? "none" : Sha256Hex.OfFile(adapters), upstream.PrepareDigest,
            upstream.FinetuneDigest, upstream.TrainRewardDigest,
            sampling.Steps.ToString(CultureInfo.InvariantCulture), sampling.GuidanceScale.ToString("R", CultureInfo.InvariantCulture),
            sampling.Eta.ToString("R", CultureInfo.InvariantCulture), experiment.ImagesPerPrompt.ToString(CultureInfo.InvariantCulture),
            spec.Dataset.Seed.ToString(CultureInfo.InvariantCulture), Resolution(spec).ToString(CultureInfo.InvariantCulture)));
        string stored = Path.Combine(outputFolder, "points", key[..16] + ".txt");
        if (File.Exists(stored))
        {
            var parts = File.ReadAllText(stored).Split(',').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            return new JudgeMeasurement(parts[0], parts[1], parts[2]);
        }
        var measured = curve.Measure(adapters);
        Directory.CreateDirectory(Path.GetDirectoryName(stored)!);
        AtomicFile.WriteAllText(stored, string.Create(CultureInfo.InvariantCulture, $"{measured.Apr:R},{measured.DiagnosisAgreement:R},{measured.FrechetJudgeFeatures:R}"));
        return measured;
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
        var text = new StringBuilder("arm,epoch,samples_seen,reward_mean,judge_apr,judge_apr_se,judge_diagnosis_agreement,frechet_judge_features,images\n");
        foreach (var p in points)
        {
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"{p.Arm},{p.Epoch},{p.SamplesSeen},{(p.RewardMean is { } r ? r.ToString("R", CultureInfo.InvariantCulture) : "")},{p.Apr:R},{p.AprStandardError:F4},{p.DiagnosisAgreement:R},{p.FrechetJudgeFeatures:R},{p.Images}\n"));
        }
        return text.ToString();
    }
}
