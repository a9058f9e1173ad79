using Toolchain.Core;
using Toolchain.Diffusion.Weights;
using Toolchain.Evaluation.Plots;
using Toolchain.Vision;
using Toolchain.Vision.Classification;
using TorchSharp;
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

    public static ClassifierJudge Load(string folder)
    {
        var configPath = Path.Combine(folder, "config.json");
        var weightsPath = Path.Combine(folder, "model.safetensors");
        if (!File.Exists(configPath) || !File.Exists(weightsPath))
        {
            throw new ToolchainError($"the judge folder {folder} needs config.json and model.safetensors");
        }
        var config = MultiLabelClassifierConfig.FromJson(File.ReadAllText(configPath), configPath);
        using var generator = new Generator(0); // initial weights are replaced by the loaded ones
        var model = new MultiLabelClassifier(config, generator);
        using var file = SafetensorsFile.Open(weightsPath);
        StateDictLoader.Load(model, file);
        return new ClassifierJudge(model);
    }

    public (float[][] Probabilities, double[][] Features) Judge(IReadOnlyList<RgbImage> images)
    {
        using var scope = NewDisposeScope();
        var batch = ImageBatch.FromRgb(images.Select(i => i.Pixels).ToList(), images[0].Height, images[0].Width);
        var probabilities = model.PredictProbabilities(batch);
        var features = model.Features(batch).to_type(ScalarType.Float64).contiguous();
        var flat = features.data<double>().ToArray();
        int d = (int)features.shape[1];
        var rows = Enumerable.Range(0, images.Count).Select(i => flat.AsSpan(i * d, d).ToArray()).ToArray();
        return (probabilities, rows);
    }

    public void Dispose() => model.Dispose();
}
