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
    public sealed record Result(MultiLabelClassifier Model, ClassifierReport Report, IReadOnlyList<EpochStats> History);

    public static Result Run(string what, ClassifierSettings settings, IReadOnlyList<string> labels, SplitImages train, SplitImages evaluation, StageContext context)
    {
        var config = MultiLabelClassifierConfig.Create(new BackboneConfig(settings.Backbone, settings.Width), labels, settings.Threshold);
        using var generator = new Generator((ulong)settings.Seed);
        var model = new MultiLabelClassifier(config, generator);
        var options = new TrainingOptions(settings.Epochs, settings.BatchSize, settings.LearningRate, Seed: settings.Seed);
        IReadOnlyList<EpochStats> history;
        using (var task = context.Progress.Start($"training the {what} on {train.Split} ({train.Records.Count} images)", settings.Epochs))
        {
            history = ClassifierTrainer.Train(model, train.Images, RecordLabels.Of(train.Records, labels), options, epoch =>
            {
                context.Cancellation.ThrowIfCancellationRequested();
                context.Log.Detail(FormattableString.Invariant($"{what} epoch {epoch.Epoch}: loss {epoch.MeanLoss:F4} ({epoch.Seconds:F1} s)"));
                task.Increment();
            });
        }
        var probabilities = model.PredictProbabilities(evaluation.Images);
        var report = ClassifierReport.Build(config, probabilities, RecordLabels.Of(evaluation.Records, labels));
        foreach (var head in report.Heads)
        {
            context.Log.Info(FormattableString.Invariant($"{what} on {evaluation.Split}: {head.Label} AUROC {Format(head.Auroc)}, accuracy {Format(head.Accuracy)}"));
        }
        return new Result(model, report, history);
    }

    private static string Format(double? value) => value is { } v ? v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
