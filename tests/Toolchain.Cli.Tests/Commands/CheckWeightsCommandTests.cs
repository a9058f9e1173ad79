using Spectre.Console.Cli;
using Toolchain.Cli.Commands;
using Toolchain.Diffusion.Weights;
using static TorchSharp.torch;

namespace Toolchain.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class CheckWeightsCommandTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("check-weights-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private static (int, string, string) CheckWeights(params string[] args) =>
        CliRunner.Run(c => c.AddCommand<CheckWeightsCommand>("check-weights"), ["check-weights", .. args]);

    [Theory]
    [InlineData("unet-sd15-tiny", "out.sample")]
    [InlineData("vae-tiny", "out.decoded_from_mean")]
    public void ReferenceFixturePasses(string fixture, string output)
    {
        var (code, stdout, stderr) = CheckWeights(CliRunner.Fixture(fixture), "--io", CliRunner.Fixture(fixture, "io.safetensors"));

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains(output + ": max abs error", stdout);
        Assert.Contains("PASS", stdout);
    }

    [Fact]
    public void PerturbedWeightFailsWithExitOne()
    {
        string folder = CopyFixture("unet-sd15-tiny", tensors =>
        {
            using var shifted = tensors["conv_out.bias"] + 0.01f;
            tensors["conv_out.bias"].copy_(shifted);
        });

        var (code, stdout, _) = CheckWeights(folder, "--io", CliRunner.Fixture("unet-sd15-tiny", "io.safetensors"));

        Assert.Equal(1, code);
        Assert.Contains("out.sample: max abs error 1.000e-02 (FAIL", stdout);
    }

    [Fact]
    public void LooseToleranceAcceptsThePerturbation()
    {
        string folder = CopyFixture("unet-sd15-tiny", tensors => tensors["conv_out.bias"].add_(0.01f));

        var (code, _, _) = CheckWeights(folder, "--io", CliRunner.Fixture("unet-sd15-tiny", "io.safetensors"), "--tolerance", "0.02");

        Assert.Equal(0, code);
    }

    [Fact]
    public void MissingKeyExitsTwoNamingTheKey()
    {
        const string key = "mid_block.attentions.0.transformer_blocks.0.attn2.to_k.weight";
        string folder = CopyFixture("unet-sd15-tiny", tensors => tensors.Remove(key));

        var (code, stdout, stderr) = CheckWeights(folder, "--io", CliRunner.Fixture("unet-sd15-tiny", "io.safetensors"));

        Assert.Equal(2, code);
        Assert.Contains("1 missing from the file: " + key, stderr);
        Assert.DoesNotContain("PASS", stdout);
    }

    [Fact]
    public void FolderWithoutConfigExitsTwo()
    {
        var (code, _, stderr) = CheckWeights(temp, "--io", CliRunner.Fixture("vae-tiny", "io.safetensors"));

        Assert.Equal(2, code);
        Assert.Contains("config.json: file not found", stderr);
    }

    private string CopyFixture(string fixture, Action<Dictionary<string, Tensor>> edit)
    {
        string folder = Path.Combine(temp, fixture);
        Directory.CreateDirectory(folder);
        File.Copy(CliRunner.Fixture(fixture, "config.json"), Path.Combine(folder, "config.json"));
        using var file = SafetensorsFile.Open(CliRunner.Fixture(fixture, "diffusion_pytorch_model.safetensors"));
        var tensors = file.ReadAll();
        edit(tensors);
        SafetensorsWriter.Save(Path.Combine(folder, "diffusion_pytorch_model.safetensors"), tensors);
        foreach (var tensor in tensors.Values)
        {
            tensor.Dispose();
        }
        return folder;
    }
}
