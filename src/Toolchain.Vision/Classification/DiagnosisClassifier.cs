using static TorchSharp.torch;

namespace Toolchain.Vision.Classification;

/// <summary>Multi-class (softmax over K diagnoses) image classifier for the downstream real vs real+synthetic study.</summary>
public sealed class DiagnosisClassifier : PooledClassifier
{
    public DiagnosisClassifier(DiagnosisClassifierConfig config, Generator generator)
        : base(nameof(DiagnosisClassifier), Validated(config).Backbone, config.Classes.Count, generator)
    {
        Config = config;
    }

    public DiagnosisClassifierConfig Config { get; }

    /// <summary>Class probabilities (N, K).</summary>
    public Tensor Probabilities(Tensor images, int batchSize = 64)
    {
        using var logits = Logits(images, batchSize);
        return logits.softmax(1);
    }

    /// <summary>Class probabilities as one float array per image.</summary>
    public float[][] PredictProbabilities(Tensor images, int batchSize = 64)
    {
        using var probabilities = Probabilities(images, batchSize);
        return Rows(probabilities);
    }

    private static DiagnosisClassifierConfig Validated(DiagnosisClassifierConfig config)
    {
        config.Validate();
        return config;
    }
}
