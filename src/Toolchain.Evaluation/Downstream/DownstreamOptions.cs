using Toolchain.Core;
using Toolchain.Vision.Networks;

namespace Toolchain.Evaluation.Downstream;

/// <summary>
/// Settings of the real-only vs real+synthetic study. The budget is a number of optimiser steps, identical for
/// both arms: <see cref="Epochs"/> passes over the real training set at <see cref="BatchSize"/>, so adding
/// synthetic images changes what the classifier sees, never how long it trains.
/// </summary>
public sealed record DownstreamOptions(
    BackboneConfig Backbone,
    int Seeds,
    int Epochs,
    int BatchSize,
    double LearningRate,
    int BootstrapSamples,
    ulong Seed,
    double WeightDecay = 1e-2,
    bool RandomFlips = true)
{
    public void Validate()
    {
        Backbone.Validate();
        if (Seeds < 1)
        {
            throw new ToolchainError($"retrain.seeds must be at least 1, got {Seeds}", 2);
        }
        if (Epochs < 1)
        {
            throw new ToolchainError($"retrain.epochs must be at least 1, got {Epochs}", 2);
        }
        if (BatchSize < 2)
        {
            throw new ToolchainError($"retrain.batch_size must be at least 2 (batch norm needs two images), got {BatchSize}", 2);
        }
        if (BootstrapSamples < 0)
        {
            throw new ToolchainError($"retrain.bootstrap_samples must not be negative, got {BootstrapSamples}", 2);
        }
    }

    /// <summary>Optimiser steps per run: ceil(real training images / batch size) per epoch.</summary>
    public int StepsFor(int realTrainingImages) => Epochs * (int)Math.Ceiling(realTrainingImages / (double)BatchSize);
}
