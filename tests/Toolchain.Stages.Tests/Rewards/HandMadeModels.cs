using Toolchain.Stages.Rewards;
using Toolchain.Vision.Classification;
using Toolchain.Vision.Networks;
using static TorchSharp.torch;

namespace Toolchain.Stages.Tests.Rewards;

/// <summary>Small classifiers with known behaviour, saved in train_reward's folder layout.</summary>
public static class HandMadeModels
{
    public static readonly string[] Labels = ["hair", "gel_bubble", "ruler", "ink", "MEL", "NV"];

    /// <summary>
    /// A classifier that ignores the image: its head weights are zero, so every head's probability is
    /// sigmoid(bias) = sigmoid(+8) for the <paramref name="present"/> labels and sigmoid(-8) for the others.
    /// </summary>
    public static void SaveConstantClassifier(string folder, params string[] present)
    {
        using var generator = new Generator(1);
        using var model = new MultiLabelClassifier(MultiLabelClassifierConfig.Create(new BackboneConfig(Width: 4), Labels), generator);
        var state = model.StateDict();
        using (no_grad())
        {
            state["head.weight"].zero_();
            state["head.bias"].copy_(tensor(Labels.Select(l => present.Contains(l) ? 8f : -8f).ToArray()));
        }
        ModelFiles.SaveClassifier(folder, model);
    }

    /// <summary>A randomly initialised judge (its features still separate different images).</summary>
    public static void SaveRandomJudge(string folder)
    {
        using var generator = new Generator(2);
        using var model = new MultiLabelClassifier(MultiLabelClassifierConfig.Create(new BackboneConfig(BackboneKind.TinyResNet, Width: 8), Labels), generator);
        ModelFiles.SaveClassifier(folder, model);
    }

    /// <summary>(n, 3, size, size) uniform noise images in [-1, 1] from a seeded generator.</summary>
    public static Tensor Noise(int n, int size, int seed)
    {
        using var generator = new Generator((ulong)seed);
        return rand(new long[] { n, 3, size, size }, generator: generator).mul(2).sub(1);
    }
}
