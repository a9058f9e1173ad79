using Toolchain.Core;
using Toolchain.Vision.Inception;
using Toolchain.Vision.Lpips;
using Toolchain.Vision.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Vision.Tests;

/// <summary>
/// The FID Inception-v3 and LPIPS networks. No reference weights exist on this machine, so these tests pin what can
/// be checked without them: the published state-dict names and shapes (so the converted files load), the feature
/// shape, loading round trips and refusals, and LPIPS's defining properties.
/// </summary>
public sealed class FeatureNetworkTests
{
    [Fact]
    public void InceptionStateDictHasPytorchFidNamesAndShapes()
    {
        using var inception = new FidInceptionV3();
        var state = StateDicts.Of(inception);
        // Shapes of pt_inception-2015-12-05 (torchvision Inception3 with pytorch-fid's FID blocks).
        var expected = new Dictionary<string, long[]>
        {
            ["Conv2d_1a_3x3.conv.weight"] = [32, 3, 3, 3],
            ["Conv2d_1a_3x3.bn.running_var"] = [32],
            ["Conv2d_4a_3x3.conv.weight"] = [192, 80, 3, 3],
            ["Mixed_5b.branch_pool.conv.weight"] = [32, 192, 1, 1],
            ["Mixed_5d.branch5x5_2.conv.weight"] = [64, 48, 5, 5],
            ["Mixed_6a.branch3x3.conv.weight"] = [384, 288, 3, 3],
            ["Mixed_6b.branch7x7_2.conv.weight"] = [128, 128, 1, 7],
            ["Mixed_6e.branch7x7dbl_5.conv.weight"] = [192, 192, 1, 7],
            ["Mixed_7a.branch3x3_2.conv.weight"] = [320, 192, 3, 3],
            ["Mixed_7b.branch3x3dbl_3b.conv.weight"] = [384, 384, 3, 1],
            ["Mixed_7c.branch_pool.conv.weight"] = [192, 2048, 1, 1],
        };
        foreach (var (name, shape) in expected)
        {
            Assert.True(state.ContainsKey(name), $"{name} is missing");
            Assert.Equal(shape, state[name].shape);
        }
        Assert.DoesNotContain(state.Keys, k => k.StartsWith("fc.", StringComparison.Ordinal) || k.StartsWith("AuxLogits", StringComparison.Ordinal));
    }

    [Fact]
    public void InceptionGivesPoolFeaturesAndLoadsItsOwnStateWithTheClassifierSkipped()
    {
        using var scope = NewDisposeScope();
        using var source = Randomised(new FidInceptionV3(), 3);
        using var images = rand(new long[] { 2, 3, 32, 32 }, generator: new Generator(4)) * 2 - 1;
        var features = source.Features(images);
        Assert.Equal([2L, 2048L], features.shape);
        Assert.True(features.isfinite().all().item<bool>());
        Assert.True(features.min().item<float>() >= 0); // an average of ReLU outputs

        // pytorch-fid's file also holds the 1008-way classifier: skipped.
        var file = StateDicts.Of(source).ToDictionary(p => p.Key, p => p.Value.clone());
        file["fc.weight"] = zeros(1008, 2048);
        file["fc.bias"] = zeros(1008);
        using var loaded = new FidInceptionV3();
        loaded.LoadFidWeights(file, "fid.safetensors");
        Assert.Equal(0, (loaded.Features(images) - features).abs().max().item<float>());

        file.Remove("Mixed_6c.branch7x7dbl_3.conv.weight");
        var error = Assert.Throws<ToolchainError>(() => new FidInceptionV3().LoadFidWeights(file, "fid.safetensors"));
        Assert.Contains("Mixed_6c.branch7x7dbl_3.conv.weight", error.Message);
    }

    [Fact]
    public void LpipsIsZeroOnIdenticalImagesSymmetricAndLoadsThePackagesNames()
    {
        using var scope = NewDisposeScope();
        using var lpips = Randomised(new LpipsAlex(), 5);
        var state = StateDicts.Of(lpips);
        Assert.Equal([192L, 64, 5, 5], state["net.slice2.3.weight"].shape);
        Assert.Equal([256L, 256, 3, 3], state["net.slice5.10.weight"].shape);
        Assert.Equal([1L, 64, 1, 1], state["lin0.model.1.weight"].shape);
        Assert.Equal([1L, 3, 1, 1], state["scaling_layer.shift"].shape);

        var generator = new Generator(6);
        var a = rand(new long[] { 3, 3, 32, 32 }, generator: generator) * 2 - 1;
        var b = rand(new long[] { 3, 3, 32, 32 }, generator: generator) * 2 - 1;
        Assert.Equal(0, lpips.forward(a, a).abs().max().item<float>(), 6);
        var ab = lpips.forward(a, b);
        Assert.Equal([3L], ab.shape);
        Assert.True(ab.min().item<float>() > 0);
        Assert.Equal(0, (ab - lpips.forward(b, a)).abs().max().item<float>(), 6);
        // A slightly changed image is closer than an unrelated one.
        var near = lpips.forward(a, (a + 0.05f * (b - a)).clamp(-1, 1));
        Assert.True((near < ab).all().item<bool>());

        var file = state.ToDictionary(p => p.Key, p => p.Value.clone());
        using var loaded = new LpipsAlex();
        loaded.LoadLpipsWeights(file, "lpips.safetensors");
        Assert.Equal(0, (loaded.forward(a, b) - ab).abs().max().item<float>());
        file["scaling_layer.scale"] = ones(1, 3, 1, 1);
        var error = Assert.Throws<ToolchainError>(() => new LpipsAlex().LoadLpipsWeights(file, "lpips.safetensors"));
        Assert.Contains("scaling_layer.scale", error.Message);
    }

    /// <summary>Seeded weights (TorchSharp's own initialisation is unseeded), non-negative where LPIPS's are.</summary>
    private static T Randomised<T>(T module, ulong seed) where T : nn.Module
    {
        using var generator = new Generator(seed);
        using (no_grad())
        {
            foreach (var (name, parameter) in module.named_parameters())
            {
                long fanIn = parameter.shape.Length > 1 ? parameter.shape.Skip(1).Aggregate(1L, (x, y) => x * y) : 1;
                double bound = 1 / Math.Sqrt(fanIn);
                parameter.uniform_(name.StartsWith("lin", StringComparison.Ordinal) ? 0 : -bound, bound, generator: generator);
                if (name.EndsWith(".bn.weight", StringComparison.Ordinal))
                {
                    parameter.fill_(1);
                }
                else if (name.EndsWith(".bn.bias", StringComparison.Ordinal))
                {
                    parameter.fill_(0);
                }
            }
        }
        return module;
    }
}
