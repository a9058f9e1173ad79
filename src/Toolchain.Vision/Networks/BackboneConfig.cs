using Toolchain.Core;

namespace Toolchain.Vision.Networks;

/// <summary>The convolutional families on offer; the judge can use another family than the reward classifier.</summary>
public enum BackboneKind
{
    /// <summary>Plain conv-norm-ReLU stacks, each stage halving the resolution.</summary>
    SmallCnn,

    /// <summary>Basic residual blocks (two 3x3 convs plus a shortcut), each stage halving the resolution.</summary>
    TinyResNet,
}

/// <summary>Normalisation used after every convolution.</summary>
public enum NormKind
{
    /// <summary>Batch statistics in training, running statistics in evaluation.</summary>
    BatchNorm,

    /// <summary>Per-sample group statistics: identical in training and evaluation, independent of batch size.</summary>
    GroupNorm,
}

/// <summary>
/// Architecture of a backbone. Channels start at <see cref="Width"/> and double at every one of the
/// <see cref="Stages"/> stride-2 stages, so the feature map has Width * 2^Stages channels at 1/2^Stages resolution.
/// </summary>
public sealed record BackboneConfig(
    BackboneKind Kind = BackboneKind.SmallCnn,
    int Width = 16,
    int Stages = 3,
    int BlocksPerStage = 1,
    NormKind Norm = NormKind.BatchNorm,
    int Groups = 8)
{
    /// <summary>Channels of the final feature map (the penultimate-layer feature dimension after pooling).</summary>
    public int FeatureChannels => Width << Stages;

    /// <summary>Throws a <see cref="ToolchainError"/> (exit code 2) naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Width < 1 || Width > 1024)
        {
            throw new ToolchainError($"backbone width must be in 1..1024, got {Width}", 2);
        }
        if (Stages < 1 || Stages > 6)
        {
            throw new ToolchainError($"backbone stages must be in 1..6, got {Stages}", 2);
        }
        if (BlocksPerStage < 1 || BlocksPerStage > 8)
        {
            throw new ToolchainError($"backbone blocks per stage must be in 1..8, got {BlocksPerStage}", 2);
        }
        if (Norm == NormKind.GroupNorm && (Groups < 1 || Width % Groups != 0))
        {
            throw new ToolchainError($"group norm groups ({Groups}) must divide the backbone width ({Width})", 2);
        }
        if (!Enum.IsDefined(Kind))
        {
            throw new ToolchainError($"unknown backbone kind {Kind}", 2);
        }
    }
}
