using Toolchain.Core;
using Toolchain.Diffusion.Weights;
using Toolchain.Stages.Evaluate;
using Toolchain.Vision.Inception;
using Toolchain.Vision.Lpips;
using Toolchain.Vision.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Toolchain.Stages.Tests.Evaluate;

public sealed class FeatureNetworkFilesTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "toolchain-networks-" + Guid.NewGuid().ToString("N"));

    public FeatureNetworkFilesTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void InceptionWeightsLoadFromSafetensorsAsPytorchFidWritesThem()
    {
        using var scope = NewDisposeScope();
        using var source = new FidInceptionV3();
        var tensors = StateDicts.Of(source).Where(p => !p.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            .ToDictionary(p => p.Key, p => p.Value.clone());
        tensors["fc.weight"] = zeros(1008, 2048);
        tensors["fc.bias"] = zeros(1008);
        string file = Path.Combine(root, "pt_inception-2015-12-05.safetensors");
        SafetensorsWriter.Save(file, tensors, new Dictionary<string, string> { ["format"] = "pt" });

        using var loaded = FeatureNetworkFiles.LoadInception(file);
        var state = StateDicts.Of(loaded);
        foreach (var name in new[] { "Mixed_7c.branch_pool.conv.weight", "Conv2d_1a_3x3.bn.running_var", "Mixed_6b.branch7x7_2.conv.weight" })
        {
            Assert.True((state[name] - tensors[name]).abs().max().item<float>() == 0, name);
        }
    }

    [Fact]
    public void ABadWeightsFileIsRefusedNamingTheFileAndTheProblem()
    {
        string pickle = Path.Combine(root, "alex.pth");
        File.WriteAllBytes(pickle, [0x80, 0x02, 0x63, 0x6f, 0x6c, 0x6c, 0x65, 0x63, 0x74, 0x69, 0x6f, 0x6e, 0x73]); // a pickle header
        var notSafetensors = Assert.ThrowsAny<ToolchainError>(() => FeatureNetworkFiles.LoadLpips(pickle));
        Assert.Contains("alex.pth", notSafetensors.Message);

        var missing = Assert.Throws<ToolchainError>(() => FeatureNetworkFiles.LoadInception(Path.Combine(root, "absent.safetensors")));
        Assert.Contains("evaluate.inception_weights", missing.Message);

        using var scope = NewDisposeScope();
        using var lpips = new LpipsAlex();
        var tensors = StateDicts.Of(lpips).Where(p => p.Key != "lin3.model.1.weight").ToDictionary(p => p.Key, p => p.Value.clone());
        string partial = Path.Combine(root, "lpips-alex.safetensors");
        SafetensorsWriter.Save(partial, tensors, new Dictionary<string, string>());
        var incomplete = Assert.Throws<ToolchainError>(() => FeatureNetworkFiles.LoadLpips(partial));
        Assert.Contains("lpips-alex.safetensors", incomplete.Message);
        Assert.Contains("lin3.model.1.weight", incomplete.Message);
    }
}
