using System.Globalization;
using Toolchain.Core;
using Toolchain.Evaluation.Metrics;
using Toolchain.Vision.Classification;
using Toolchain.Vision.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Evaluation.Downstream;

/// <summary>
/// Does the synthetic data help? Trains a diagnosis classifier on the real training images (real-only) and on
/// the real plus the accepted synthetic images (real+synthetic), with the same step budget, batch size and, per
/// seed, the same initial weights; scores both on the real test set; compares them overall and per subgroup.
/// </summary>
public static class DownstreamStudy
{
    /// <param name="onRun">Called after each trained run (for progress reporting).</param>
    public static DownstreamResult Run(
        IReadOnlyList<string> classes,
        LabelledImages realTrain,
        LabelledImages synthetic,
        LabelledImages test,
        IReadOnlyList<TestSubgroup> subgroups,
        DownstreamOptions options,
        Action<DownstreamRun>? onRun = null,
        CancellationToken cancellation = default,
        IReadOnlyList<int>? overallIndices = null)
    {
        options.Validate();
        // Overall metrics read the population slice; subgroups may index images beyond it (an evaluation set).
        var overall = overallIndices ?? Enumerable.Range(0, test.Count).ToList();
        if (overall.Count == 0 || overall.Any(i => i < 0 || i >= test.Count))
        {
            throw new ArgumentException("the overall slice must be a non-empty set of test image indices");
        }
        if (test.Count == 0)
        {
            throw new ToolchainError("the real test split has no images: the downstream classifier cannot be evaluated");
        }
        var duplicate = subgroups.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"subgroup '{duplicate.Key}' is listed twice");
        }
        foreach (var subgroup in subgroups)
        {
            if (subgroup.TestIndices.Any(i => i < 0 || i >= test.Count))
            {
                throw new ArgumentException($"subgroup '{subgroup.Name}' refers to a test image outside 0..{test.Count - 1}");
            }
        }
        var config = new DiagnosisClassifierConfig(options.Backbone, classes);
        config.Validate();
        var combined = realTrain.Concat(synthetic);
        int steps = options.StepsFor(realTrain.Count);
        var runs = new List<DownstreamRun>();
        using var testImages = Vision.ImageBatch.FromRgb(test.Pixels, test.Height, test.Width);
        for (int seed = 0; seed < options.Seeds; seed++)
        {
            foreach (var (arm, data) in new[] { (DownstreamResult.RealOnlyArm, realTrain), (DownstreamResult.RealPlusSyntheticArm, combined) })
            {
                // Same initial weights and batch-order seed for both arms of a seed: the pair differs only in the data.
                ulong runSeed = unchecked(options.Seed + (ulong)seed * 7919UL);
                using var init = new Generator(runSeed, TorchSharp.torch.get_default_device());
                using var model = new DiagnosisClassifier(config, init);
                StepBudgetTrainer.Train(model, data, steps, options, runSeed ^ 0x5DEECE66DUL, cancellation);
                var run = Score(arm, seed, model, testImages, test.Classes, overall, subgroups);
                runs.Add(run);
                onRun?.Invoke(run);
            }
        }
        return Summarise(classes, options, steps, realTrain.Count, combined.Count, test.Count, runs, subgroups, overall);
    }

    /// <summary>The comparison from finished runs (public so it can be checked on constructed runs).</summary>
    public static DownstreamResult Summarise(
        IReadOnlyList<string> classes,
        DownstreamOptions options,
        int steps,
        int realTrainingImages,
        int combinedTrainingImages,
        int testImages,
        IReadOnlyList<DownstreamRun> runs,
        IReadOnlyList<TestSubgroup> subgroups,
        IReadOnlyList<int>? overallIndices = null)
    {
        var overallSlice = overallIndices ?? Enumerable.Range(0, testImages).ToList();
        var realOnly = runs.Where(r => r.Arm == DownstreamResult.RealOnlyArm).ToList();
        var withSynthetic = runs.Where(r => r.Arm == DownstreamResult.RealPlusSyntheticArm).ToList();
        if (realOnly.Count == 0 || realOnly.Count != withSynthetic.Count)
        {
            throw new ArgumentException("each seed needs one real-only and one real+synthetic run");
        }
        ArmSummary Arm(string name, int images, List<DownstreamRun> list) => new(
            name,
            images,
            Spread.Of(list.Select(r => r.Accuracy).ToList()),
            Spread.Of(list.Select(r => r.BalancedAccuracy).ToList()),
            Spread.OfDefined(list.Select(r => r.MacroAuroc)));

        var overall = Compare("overall", rare: false, overallSlice, realOnly, withSynthetic, options,
            r => r.Accuracy);
        // Rare subgroups first: they are what the synthetic data is for.
        var comparisons = subgroups
            .Select((s, i) => (s, i))
            .OrderBy(p => p.s.Rare ? 0 : 1)
            .ThenBy(p => p.i)
            .Select(p => Compare(p.s.Name, p.s.Rare, p.s.TestIndices, realOnly, withSynthetic, options, r => r.SubgroupAccuracy[p.s.Name]))
            .ToList();
        return new DownstreamResult(classes, options, steps, overallSlice.Count, runs,
            Arm(DownstreamResult.RealOnlyArm, realTrainingImages, realOnly),
            Arm(DownstreamResult.RealPlusSyntheticArm, combinedTrainingImages, withSynthetic),
            overall, comparisons);
    }

    private static DownstreamRun Score(string arm, int seed, DiagnosisClassifier model, Tensor testImages, IReadOnlyList<int> truth, IReadOnlyList<int> overall, IReadOnlyList<TestSubgroup> subgroups)
    {
        var probabilities = model.PredictProbabilities(testImages);
        var report = DiagnosisReport.Build(model.Config.Classes, overall.Select(i => probabilities[i]).ToArray(), overall.Select(i => truth[i]).ToList());
        var correct = probabilities.Select((p, i) => MulticlassMetrics.ArgMax(p) == truth[i]).ToArray();
        var perSubgroup = subgroups.ToDictionary(
            s => s.Name,
            s => s.TestIndices.Count == 0 ? (double?)null : s.TestIndices.Count(i => correct[i]) / (double)s.TestIndices.Count,
            StringComparer.Ordinal);
        return new DownstreamRun(arm, seed, report.Accuracy, report.BalancedAccuracy, report.MacroAuroc, perSubgroup, correct);
    }

    private static SubgroupComparison Compare(
        string name,
        bool rare,
        IReadOnlyList<int> indices,
        List<DownstreamRun> realOnly,
        List<DownstreamRun> withSynthetic,
        DownstreamOptions options,
        Func<DownstreamRun, double?> accuracy)
    {
        if (indices.Count == 0)
        {
            return new SubgroupComparison(name, rare, 0, null, null, null, null, "not measurable: no real test images in this subgroup");
        }
        var a = Spread.OfDefined(realOnly.Select(accuracy));
        var b = Spread.OfDefined(withSynthetic.Select(accuracy));
        if (options.BootstrapSamples == 0)
        {
            return new SubgroupComparison(name, rare, indices.Count, a, b, null, null, "not tested: retrain.bootstrap_samples is 0");
        }
        // Per test image, correctness averaged over seeds; the bootstrap resamples images, keeping the pairing.
        var baseline = indices.Select(i => realOnly.Average(r => r.Correct[i] ? 1.0 : 0.0)).ToList();
        var treatment = indices.Select(i => withSynthetic.Average(r => r.Correct[i] ? 1.0 : 0.0)).ToList();
        var interval = PairedBootstrap.DifferenceOfMeans(baseline, treatment, options.BootstrapSamples, unchecked(options.Seed + 0x9E3779B9UL));
        var verdict = VerdictRules.From(interval);
        var reading = string.Create(CultureInfo.InvariantCulture,
            $"{VerdictRules.Describe(verdict)}: accuracy {interval.Difference:+0.000;-0.000;0.000} [{interval.Lower:0.000}, {interval.Upper:0.000}] ({interval.Level * 100:0}% CI, {indices.Count} test images, minimum detectable effect {MinimumDetectableEffect.ForAccuracy(indices.Count):0.000})");
        return new SubgroupComparison(name, rare, indices.Count, a, b, interval, verdict, reading);
    }
}
