using Toolchain.Diffusion.Layers;
using Toolchain.Diffusion.Models.Blocks;
using Toolchain.Diffusion.Models.Unet;
using Toolchain.Diffusion.Models.Vae;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.Models;

/// <summary>
/// Every fresh parameter must be finite and initialised as PyTorch would (TorchSharp 0.107's GroupNorm
/// leaves its affine parameters as uninitialised memory), and the same seed must give the same weights.
/// </summary>
public class InitialisationTests
{
    public static TheoryData<string> ModuleTypes() =>
    [
        "ResnetBlock2D", "ResnetBlock2D-no-time", "Downsample2D", "Upsample2D", "TimestepEmbedding", "Attention", "GEGLU",
        "FeedForward", "BasicTransformerBlock", "Transformer2DModel-conv", "Transformer2DModel-linear",
        "SpatialSelfAttention", "UNet2DConditionModel", "AutoencoderKL",
    ];

    private static nn.Module Build(string type, Generator g) => type switch
    {
        "ResnetBlock2D" => new ResnetBlock2D(g, 32, 64, 128, 32, 1e-5),
        "ResnetBlock2D-no-time" => new ResnetBlock2D(g, 64, 64, null, 32, 1e-6),
        "Downsample2D" => new Downsample2D(g, 32, 32, 1),
        "Upsample2D" => new Upsample2D(g, 32, 32),
        "TimestepEmbedding" => new TimestepEmbedding(g, 32, 128),
        "Attention" => new Attention(g, 64, 32, 4, 16),
        "GEGLU" => new GEGLU(g, 32, 128),
        "FeedForward" => new FeedForward(g, 32),
        "BasicTransformerBlock" => new BasicTransformerBlock(g, 64, 4, 16, 32),
        "Transformer2DModel-conv" => new Transformer2DModel(g, 64, 4, 16, 1, 32, 32, useLinearProjection: false),
        "Transformer2DModel-linear" => new Transformer2DModel(g, 64, 4, 16, 2, 32, 32, useLinearProjection: true),
        "SpatialSelfAttention" => new SpatialSelfAttention(g, 64, 1, 32, 1e-6),
        "UNet2DConditionModel" => new UNet2DConditionModel(UNetPresets.TinyCpu, g),
        "AutoencoderKL" => new AutoencoderKL(new AutoencoderKLConfig
        {
            DownBlockTypes = ["DownEncoderBlock2D", "DownEncoderBlock2D"],
            UpBlockTypes = ["UpDecoderBlock2D", "UpDecoderBlock2D"],
            BlockOutChannels = [32, 64],
        }, g),
        _ => throw new ArgumentException(type),
    };

    [Theory]
    [MemberData(nameof(ModuleTypes))]
    public void FreshParametersAreFiniteAndInitialisedAsPyTorchDoes(string type)
    {
        using var scope = NewDisposeScope();
        var module = Build(type, new Generator(11));
        int checkedParameters = 0;
        foreach (var (name, child) in module.named_modules())
        {
            switch (child)
            {
                case Conv2d conv:
                    CheckUniform($"{name}.weight", conv.weight!, conv.weight!.shape[1] * conv.weight.shape[2] * conv.weight.shape[3]);
                    CheckUniform($"{name}.bias", conv.bias!, conv.weight.shape[1] * conv.weight.shape[2] * conv.weight.shape[3]);
                    checkedParameters += 2;
                    break;
                case Linear linear:
                    CheckUniform($"{name}.weight", linear.weight!, linear.weight!.shape[1]);
                    if (linear.bias is not null) { CheckUniform($"{name}.bias", linear.bias, linear.weight.shape[1]); checkedParameters++; }
                    checkedParameters++;
                    break;
                case AdaptableLinear projection:
                    CheckUniform($"{name}.weight", projection.weight, projection.InFeatures);
                    if (projection.bias is not null) { CheckUniform($"{name}.bias", projection.bias, projection.InFeatures); checkedParameters++; }
                    checkedParameters++;
                    break;
                case GroupNorm norm:
                    CheckConstant($"{name}.weight", norm.weight!, 1.0);
                    CheckConstant($"{name}.bias", norm.bias!, 0.0);
                    checkedParameters += 2;
                    break;
                case LayerNorm norm:
                    CheckConstant($"{name}.weight", norm.weight!, 1.0);
                    CheckConstant($"{name}.bias", norm.bias!, 0.0);
                    checkedParameters += 2;
                    break;
            }
        }
        // Every parameter belongs to one of the layer types above, so none escaped the checks.
        Assert.Equal(module.parameters().Count(), checkedParameters);
    }

    [Fact]
    public void SameSeedGivesIdenticalWeightsAndAnotherSeedDiffers()
    {
        using var scope = NewDisposeScope();
        var a = new UNet2DConditionModel(UNetPresets.TinyCpu, new Generator(5)).state_dict();
        var b = new UNet2DConditionModel(UNetPresets.TinyCpu, new Generator(5)).state_dict();
        var c = new UNet2DConditionModel(UNetPresets.TinyCpu, new Generator(6)).state_dict();

        Assert.All(a, pair => Assert.True(pair.Value.eq(b[pair.Key]).all().item<bool>(), pair.Key));
        Assert.False(a["conv_in.weight"].eq(c["conv_in.weight"]).all().item<bool>());
    }

    private static void CheckUniform(string name, Tensor tensor, long fanIn)
    {
        double bound = 1.0 / Math.Sqrt(fanIn);
        Assert.True(tensor.isfinite().all().item<bool>(), $"{name} has non-finite values");
        double max = tensor.abs().max().item<float>();
        Assert.True(max <= bound, $"{name}: |w| up to {max}, beyond PyTorch's bound 1/sqrt({fanIn}) = {bound}");
        if (tensor.NumberOfElements >= 1000)
        {
            // U(-b, b) has standard deviation b/sqrt(3) and mean 0.
            double std = tensor.std().item<float>();
            double mean = tensor.mean().item<float>();
            Assert.InRange(std, 0.9 * bound / Math.Sqrt(3), 1.1 * bound / Math.Sqrt(3));
            Assert.InRange(mean, -0.1 * bound, 0.1 * bound);
        }
    }

    private static void CheckConstant(string name, Tensor tensor, double value) =>
        Assert.True(tensor.eq(value).all().item<bool>(), $"{name} should be all {value} as PyTorch initialises it");
}
