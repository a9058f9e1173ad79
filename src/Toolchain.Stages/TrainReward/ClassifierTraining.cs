using Toolchain.Diffusion.Runtime;
using Toolchain.Stages.Running;
using Toolchain.Vision.Classification;
using Toolchain.Vision.Metrics;
using Toolchain.Vision.Networks;
using Toolchain.Vision.Training;
using static TorchSharp.torch;

namespace Toolchain.Stages.TrainReward;

/// <summary>Trains one multi-label classifier on one split and scores it on another.</summary>
public static class ClassifierTraining
{
    /// <param name="PositiveWeights">Each head's weight on its positives in the loss (all 1 without head weighting).</param>
    public sealed record Result(MultiLabelClassifier Model, ClassifierReport Report, IReadOnlyList<EpochStats> History, IReadOnlyList<float> PositiveWeights);

    public static Result Run(string what, ClassifierSettings settings, IReadOnlyList<string> labels, SplitImages train, SplitImages evaluation, StageContext context)
    {
        var config = MultiLabelClassifierConfig.Create(new BackboneConfig(settings.Backbone, settings.Width), labels, settings.Threshold);
        using var generator = ComputeDevice.Generator((ulong)settings.Seed);
        var model = new MultiLabelClassifier(config, generator);
        var options = new TrainingOptions(settings.Epochs, settings.BatchSize, settings.LearningRate, Seed: settings.Seed);
        var trainLabels = RecordLabels.Of(train.Records, labels);
        IReadOnlyList<EpochStats> history;
        using (var task = context.Progress.Start($"training the {what} on {train.Split} ({train.Records.Count} images)", settings.Epochs))
        {
            history = ClassifierTrainer.Train(model, train.Images, trainLabels, options, epoch =>
            {
                context.Cancellation.ThrowIfCancellationRequested();
                context.Log.Detail(FormattableString.Invariant($"{what} epoch {epoch.Epoch}: loss {epoch.MeanLoss:F4} ({epoch.Seconds:F1} s)"));
                task.Increment();
            }, settings.Weighting);
        }
        var probabilities = model.PredictProbabilities(evaluation.Images);
        var report = ClassifierReport.Build(config, probabilities, RecordLabels.Of(evaluation.Records, labels));
        foreach (var head in report.Heads)
        {
            context.Log.Info(FormattableString.Invariant($"{what} on {evaluation.Split}: {head.Label} AUROC {Format(head.Auroc)}, accuracy {Format(head.Accuracy)}"));
        }
        var positiveWeights = settings.Weighting == HeadWeighting.Balanced
            ? ClassifierTrainer.PositiveWeights(trainLabels, labels.Count)
            : Enumerable.Repeat(1f, labels.Count).ToArray();
        return new Result(model, report, history, positiveWeights);
    }

    private static string Format(double? value) => value is { } v ? v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
