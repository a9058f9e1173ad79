using Toolchain.Evaluation.Plots;
using Toolchain.Vision;
using Toolchain.Vision.Classification;
using static TorchSharp.torch;

namespace Toolchain.Stages.Evaluate;

/// <summary>The judge as train_reward saves it: a multi-label classifier folder (config.json + model.safetensors).</summary>
public sealed class ClassifierJudge : IImageJudge, IDisposable
{
    private readonly MultiLabelClassifier model;

    public ClassifierJudge(MultiLabelClassifier model)
    {
        this.model = model;
        model.eval();
    }

    public IReadOnlyList<string> Labels => model.Config.Labels;

    public IReadOnlyList<double> Thresholds => model.Config.Thresholds;

    public string FeatureSpace => $"judge {model.Config.Backbone.Kind} penultimate ({model.FeatureDim}-d)";

    /// <summary>Loads train_reward's judge folder (config.json + model.safetensors).</summary>
    public static ClassifierJudge Load(string folder) => new(Rewards.ModelFiles.LoadClassifier(folder));

    public (float[][] Probabilities, double[][] Features) Judge(IReadOnlyList<RgbImage> images)
    {
        using var scope = NewDisposeScope();
        var batch = ImageBatch.FromRgb(images.Select(i => i.Pixels).ToList(), images[0].Height, images[0].Width);
        var probabilities = model.PredictProbabilities(batch);
        return (probabilities, FeatureRows.Of(model.Features(batch)));
    }

    public void Dispose() => model.Dispose();
}
