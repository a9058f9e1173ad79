using Toolchain.Diffusion.Checkpoints;
using Toolchain.Diffusion.Models.Vae;
using Toolchain.Diffusion.Weights;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.Weights;

public sealed class StateDictLoaderTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("state-dict-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private static AutoencoderKL FreshVae() =>
        new(AutoencoderKLConfig.Load(Fixtures.Path("vae-tiny", "config.json")), new Generator(1));

    private string Rewrite(Func<string, Tensor, (string Name, Tensor Tensor)?> edit)
    {
        using var file = SafetensorsFile.Open(Fixtures.Path("vae-tiny", "diffusion_pytorch_model.safetensors"));
        var output = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in file.ReadAll())
        {
            if (edit(name, tensor) is { } kept)
            {
                output[kept.Name] = kept.Tensor;
            }
        }
        string path = Path.Combine(temp, "weights.safetensors");
        SafetensorsWriter.Save(path, output);
        return path;
    }

    [Fact]
    public void EveryMismatchIsListedInOneError()
    {
        string path = Rewrite((name, tensor) => name switch
        {
            "quant_conv.bias" => null,
            "post_quant_conv.bias" => (name, zeros(5)),
            "decoder.conv_in.bias" => ("decoder.conv_in.extra", tensor),
            _ => (name, tensor),
        });
        using var file = SafetensorsFile.Open(path);

        var error = Assert.Throws<WeightsFormatError>(() => StateDictLoader.Load(FreshVae(), file));

        Assert.Contains("2 missing from the file: decoder.conv_in.bias, quant_conv.bias", error.Message);
        Assert.Contains("1 unexpected (not in the model): decoder.conv_in.extra", error.Message);
        Assert.Contains("1 with the wrong shape: post_quant_conv.bias (file [5], model [4])", error.Message);
        Assert.Equal(2, error.ExitCode);
    }

    [Fact]
    public void FailedLoadLeavesTheModelUntouched()
    {
        string path = Rewrite((name, tensor) => name == "quant_conv.bias" ? null : (name, tensor));
        var vae = FreshVae();
        using var before = vae.encoder.conv_in.weight!.clone();
        using var file = SafetensorsFile.Open(path);

        Assert.Throws<WeightsFormatError>(() => StateDictLoader.Load(vae, file));

        Assert.True(vae.encoder.conv_in.weight!.eq(before).all().item<bool>());
    }

    [Theory]
    [InlineData(ScalarType.Float16, 1e-3)]
    [InlineData(ScalarType.BFloat16, 1e-2)]
    public void HalfPrecisionCheckpointLoadsIntoFloat32(ScalarType dtype, double tolerance)
    {
        string path = Rewrite((name, tensor) => (name, tensor.to_type(dtype)));
        var vae = FreshVae();
        using (var file = SafetensorsFile.Open(path))
        {
            StateDictLoader.Load(vae, file);
        }
        using var reference = SafetensorsFile.Open(Fixtures.Path("vae-tiny", "diffusion_pytorch_model.safetensors"));
        using var expected = reference.Read("decoder.conv_out.weight");

        Assert.Equal(ScalarType.Float32, vae.decoder.conv_out.weight!.dtype);
        Assert.True(vae.decoder.conv_out.weight.allclose(expected, rtol: tolerance, atol: tolerance));
    }

    [Fact]
    public void LegacyVaeAttentionNamesAreMapped()
    {
        string path = Rewrite((name, tensor) => (name.Replace(".to_q.", ".query.").Replace(".to_out.0.", ".proj_attn."), tensor));
        var vae = FreshVae();
        using var file = SafetensorsFile.Open(path);

        Assert.Throws<WeightsFormatError>(() => StateDictLoader.Load(FreshVae(), file));
        StateDictLoader.Load(vae, file, LegacyVaeKeys.ToCurrent);

        using var reference = SafetensorsFile.Open(Fixtures.Path("vae-tiny", "diffusion_pytorch_model.safetensors"));
        using var expected = reference.Read("decoder.mid_block.attentions.0.to_out.0.weight");
        Assert.True(vae.decoder.mid_block.attentions[0].to_out[0].parameters().First().eq(expected).all().item<bool>());
    }
}
