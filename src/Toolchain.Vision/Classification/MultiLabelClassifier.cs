using Toolchain.Vision.Networks;
using static TorchSharp.torch;

namespace Toolchain.Vision.Classification;

/// <summary>Multi-label image classifier: one independent sigmoid head per label of its config.</summary>
public sealed class MultiLabelClassifier : PooledClassifier
{
    public MultiLabelClassifier(MultiLabelClassifierConfig config, Generator generator)
        : base(nameof(MultiLabelClassifier), Validated(config).Backbone, config.Labels.Count, generator)
    {
        Config = config;
    }

    public MultiLabelClassifierConfig Config { get; }

    /// <summary>Per-head probabilities (N, K) for (N, 3, H, W) images in [-1, 1].</summary>
    public Tensor Probabilities(Tensor images, int batchSize = 64)
    {
        using var logits = Logits(images, batchSize);
        return logits.sigmoid();
    }

    /// <summary>Per-head probabilities as one float array per image.</summary>
    public float[][] PredictProbabilities(Tensor images, int batchSize = 64)
    {
        using var probabilities = Probabilities(images, batchSize);
        return Rows(probabilities);
    }

    private static MultiLabelClassifierConfig Validated(MultiLabelClassifierConfig config)
    {
        config.Validate();
        return config;
    }
}
