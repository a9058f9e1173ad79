using Toolchain.Core;
using Toolchain.Vision.Classification;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Vision.Training;

/// <summary>Trains a <see cref="DiagnosisClassifier"/> with AdamW on softmax cross-entropy over class indices.</summary>
public static class DiagnosisTrainer
{
    public static IReadOnlyList<EpochStats> Train(
        DiagnosisClassifier model,
        Tensor images,
        IReadOnlyList<int> classes,
        TrainingOptions options,
        Action<EpochStats>? onEpoch = null)
    {
        int k = model.Config.Classes.Count;
        if (classes.Count != images.shape[0])
        {
            throw new ArgumentException($"{classes.Count} class labels for {images.shape[0]} images", nameof(classes));
        }
        for (int i = 0; i < classes.Count; i++)
        {
            if (classes[i] < 0 || classes[i] >= k)
            {
                throw new ToolchainError($"image {i} has class index {classes[i]}, expected 0..{k - 1} ({string.Join(", ", model.Config.Classes)})");
            }
        }
        using var targetTensor = tensor(classes.Select(c => (long)c).ToArray());
        return SupervisedLoop.Run(model, images, options, (batch, index) =>
            nn.functional.cross_entropy(model.forward(batch), targetTensor.index_select(0, index)), onEpoch);
    }
}
