namespace Toolchain.Vision.Metrics;

/// <summary>Evaluation of a K-class diagnosis classifier: accuracy, balanced accuracy and one-vs-rest AUROC.</summary>
public sealed record DiagnosisReport(
    IReadOnlyList<string> Classes,
    int Count,
    double Accuracy,
    double BalancedAccuracy,
    IReadOnlyList<double?> PerClassAuroc,
    double? MacroAuroc)
{
    public static DiagnosisReport Build(IReadOnlyList<string> classes, IReadOnlyList<float[]> probabilities, IReadOnlyList<int> truth)
    {
        var predicted = probabilities.Select(MulticlassMetrics.ArgMax).ToArray();
        var perClass = MulticlassMetrics.OneVsRestAuroc(probabilities, truth, classes.Count);
        return new DiagnosisReport(
            classes,
            truth.Count,
            MulticlassMetrics.Accuracy(predicted, truth),
            MulticlassMetrics.BalancedAccuracy(predicted, truth, classes.Count),
            perClass,
            MulticlassMetrics.MacroAuroc(perClass));
    }

    public string ToJson() => VisionJson.Serialize(this);
}
