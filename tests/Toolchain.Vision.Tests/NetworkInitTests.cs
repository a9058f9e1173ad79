using Toolchain.Vision.Classification;
using Toolchain.Vision.Networks;
using static TorchSharp.torch;

namespace Toolchain.Vision.Tests;

public class NetworkInitTests
{
    public static TheoryData<BackboneKind, NormKind> Families() => new()
    {
        { BackboneKind.SmallCnn, NormKind.BatchNorm },
        { BackboneKind.SmallCnn, NormKind.GroupNorm },
        { BackboneKind.TinyResNet, NormKind.BatchNorm },
        { BackboneKind.TinyResNet, NormKind.GroupNorm },
    };

    [Theory]
    [MemberData(nameof(Families))]
    public void FreshParametersAreFiniteAndPyTorchLike(BackboneKind kind, NormKind norm)
    {
        using var generator = new Generator(3);
        var config = MultiLabelClassifierConfig.Create(new BackboneConfig(kind, Width: 8, Stages: 3, BlocksPerStage: 2, Norm: norm, Groups: 4));
        using var model = new MultiLabelClassifier(config, generator);
        Assert.Empty(StateDicts.NonFinite(model));
        foreach (var (name, tensor) in model.state_dict())
        {
            if (name.EndsWith("running_var", StringComparison.Ordinal) || IsNormAffine(model, name, "weight"))
            {
                Assert.True(tensor.eq(1).all().item<bool>(), $"{name} should start at 1");
            }
            else if (name.EndsWith("running_mean", StringComparison.Ordinal) || name.EndsWith("num_batches_tracked", StringComparison.Ordinal) || IsNormAffine(model, name, "bias"))
            {
                Assert.True(tensor.eq(0).all().item<bool>(), $"{name} should start at 0");
            }
            else
            {
                // Conv and linear weights/biases: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
                long fanIn = name.EndsWith("bias", StringComparison.Ordinal) ? FanInOfBias(model, name) : tensor[0].numel();
                double bound = 1.0 / Math.Sqrt(fanIn);
                Assert.True(tensor.abs().max().item<float>() <= bound + 1e-7, $"{name} exceeds its bound {bound}");
                if (tensor.numel() >= 500)
                {
                    double std = tensor.std().item<float>();
                    Assert.InRange(std, 0.85 * bound / Math.Sqrt(3), 1.15 * bound / Math.Sqrt(3));
                }
            }
        }
    }

    [Fact]
    public void SameGeneratorSeedGivesIdenticalWeightsAndDifferentSeedsDiffer()
    {
        var config = MultiLabelClassifierConfig.Create(new BackboneConfig(BackboneKind.TinyResNet, Width: 8));
        using var a = new MultiLabelClassifier(config, new Generator(5));
        using var b = new MultiLabelClassifier(config, new Generator(5));
        using var c = new MultiLabelClassifier(config, new Generator(6));
        var da = a.StateDict();
        var db = b.StateDict();
        var dc = c.StateDict();
        Assert.All(da, p => Assert.True(TensorAssert.Same(p.Value, db[p.Key]), p.Key));
        Assert.False(TensorAssert.Same(da["head.weight"], dc["head.weight"]));
    }

    [Fact]
    public void FeatureMapShapeFollowsTheConfig()
    {
        using var generator = new Generator(1);
        var config = new BackboneConfig(BackboneKind.SmallCnn, Width: 4, Stages: 2);
        using var backbone = Backbone.Create(config, generator);
        using var images = zeros(2, 3, 24, 40);
        using var map = backbone.forward(images);
        Assert.Equal(new long[] { 2, 16, 6, 10 }, map.shape);
        using var tiny = zeros(1, 3, 2, 8);
        Assert.Throws<ArgumentException>(() => backbone.forward(tiny));
    }

    [Fact]
    public void InvalidConfigsAreRejectedWithTheSetting()
    {
        var error = Assert.Throws<Toolchain.Core.ToolchainError>(() => new BackboneConfig(Width: 12, Norm: NormKind.GroupNorm, Groups: 8).Validate());
        Assert.Contains("groups", error.Message);
        Assert.Equal(2, error.ExitCode);
        Assert.Throws<Toolchain.Core.ToolchainError>(() => MultiLabelClassifierConfig.Create(labels: ["hair", "hair"]));
        Assert.Throws<Toolchain.Core.ToolchainError>(() => MultiLabelClassifierConfig.Create(threshold: 1.0));
    }

    private static bool IsNormAffine(nn.Module model, string name, string leaf)
    {
        if (!name.EndsWith("." + leaf, StringComparison.Ordinal))
        {
            return false;
        }
        string owner = name[..^(leaf.Length + 1)];
        var module = model.named_modules().First(m => m.name == owner).module;
        return module is TorchSharp.Modules.BatchNorm2d or TorchSharp.Modules.GroupNorm or TorchSharp.Modules.LayerNorm;
    }

    private static long FanInOfBias(nn.Module model, string name) => model.state_dict()[name[..^"bias".Length] + "weight"][0].numel();
}
