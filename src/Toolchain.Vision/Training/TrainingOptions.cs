using System.Globalization;
using Toolchain.Core;

namespace Toolchain.Vision.Training;

/// <summary>
/// Settings of a supervised training run. <see cref="Seed"/> drives the shuffling and augmentation generator
/// (the model's initial weights come from the generator it was built with).
/// </summary>
public sealed record TrainingOptions(
    int Epochs = 10,
    int BatchSize = 32,
    double LearningRate = 1e-3,
    double WeightDecay = 1e-2,
    long Seed = 0,
    bool RandomFlips = true)
{
    public void Validate()
    {
        if (Epochs < 1)
        {
            throw new ToolchainError($"epochs must be at least 1, got {Epochs}", 2);
        }
        if (BatchSize < 2)
        {
            throw new ToolchainError($"batch size must be at least 2, got {BatchSize}", 2);
        }
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            throw new ToolchainError($"learning rate must be positive, got {LearningRate.ToString(CultureInfo.InvariantCulture)}", 2);
        }
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
        {
            throw new ToolchainError($"weight decay must be non-negative, got {WeightDecay.ToString(CultureInfo.InvariantCulture)}", 2);
        }
    }
}

/// <summary>What one epoch did: mean training loss over its batches, images seen, wall seconds.</summary>
public sealed record EpochStats(int Epoch, double MeanLoss, int Samples, double Seconds);
