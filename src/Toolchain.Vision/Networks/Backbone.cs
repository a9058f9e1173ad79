using Toolchain.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Vision.Networks;

/// <summary>
/// A convolutional trunk mapping (N, 3, H, W) images in [-1, 1] to an (N, C, H / 2^stages, W / 2^stages)
/// feature map. Heads pool it (classifiers) or project each location (the VLFM's patch embeddings).
/// </summary>
public abstract class Backbone : nn.Module<Tensor, Tensor>
{
    protected Backbone(string name, BackboneConfig config) : base(name)
    {
        Config = config;
    }

    public BackboneConfig Config { get; }

    /// <summary>Channels of the output feature map.</summary>
    public long FeatureChannels => Config.FeatureChannels;

    /// <summary>Builds the backbone a config describes, every parameter drawn from <paramref name="generator"/>.</summary>
    public static Backbone Create(BackboneConfig config, Generator generator)
    {
        config.Validate();
        return config.Kind switch
        {
            BackboneKind.SmallCnn => new SmallCnn(config, generator),
            BackboneKind.TinyResNet => new TinyResNet(config, generator),
            _ => throw new ToolchainError($"unknown backbone kind {config.Kind}", 2),
        };
    }

    /// <summary>Global average pool of the feature map: the (N, C) penultimate features.</summary>
    public Tensor Pooled(Tensor images)
    {
        using var scope = NewDisposeScope();
        return forward(images).mean(new long[] { 2, 3 }).MoveToOuterDisposeScope();
    }

    /// <summary>Rejects inputs that are not (N, 3, H, W) floats large enough for every stride-2 stage.</summary>
    protected void CheckInput(Tensor images)
    {
        long minSide = 1L << Config.Stages;
        if (images.dim() != 4 || images.shape[1] != 3 || images.dtype != ScalarType.Float32)
        {
            throw new ArgumentException($"expected (N, 3, H, W) float32 images, got ({string.Join(", ", images.shape)}) {images.dtype}");
        }
        if (images.shape[2] < minSide || images.shape[3] < minSide)
        {
            throw new ArgumentException($"images of {images.shape[3]}x{images.shape[2]} are smaller than the {minSide}x{minSide} a {Config.Stages}-stage backbone needs");
        }
    }
}
