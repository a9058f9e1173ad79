using System.Text;
using Toolchain.Diffusion.Weights;
using static TorchSharp.torch;

namespace Toolchain.Diffusion.Tests.Weights;

public class SafetensorsFileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("safetensors-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void ReadsReferenceFixture()
    {
        using var file = SafetensorsFile.Open(Fixtures.Path("unet-sd15-tiny", "io.safetensors"));
        Assert.Contains("in.sample", file.Names);
        using var timestep = file.Read("in.timestep");
        Assert.Equal(ScalarType.Int64, timestep.dtype);
        using var sample = file.Read("in.sample");
        Assert.Equal(ScalarType.Float32, sample.dtype);
        Assert.Equal(4, sample.dim());
    }

    [Fact]
    public void WriterRoundTripsAndIsDeterministic()
    {
        using var a = arange(12, dtype: ScalarType.Float32).reshape(3, 4);
        using var b = tensor(new long[] { 5, -7 });
        var tensors = new Dictionary<string, Tensor> { ["z.weight"] = a, ["a.index"] = b };
        string first = System.IO.Path.Combine(dir, "one.safetensors");
        string second = System.IO.Path.Combine(dir, "two.safetensors");
        SafetensorsWriter.Save(first, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        SafetensorsWriter.Save(second, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));

        using var file = SafetensorsFile.Open(first);
        Assert.Equal(new[] { "a.index", "z.weight" }, file.Names);
        Assert.Equal("pt", file.Metadata["format"]);
        using var readA = file.Read("z.weight");
        Assert.Equal(a.data<float>().ToArray(), readA.data<float>().ToArray());
        using var readB = file.Read("a.index");
        Assert.Equal(b.data<long>().ToArray(), readB.data<long>().ToArray());
    }

    [Theory]
    [InlineData("absurd-length")]
    [InlineData("offsets-outside")]
    [InlineData("unknown-dtype")]
    [InlineData("shape-mismatch")]
    [InlineData("not-json")]
    [InlineData("overlap")]
    [InlineData("too-short")]
    [InlineData("shape-overflow")]
    public void RejectsMalformedHeaders(string kind)
    {
        string path = System.IO.Path.Combine(dir, kind + ".safetensors");
        byte[] data = new byte[16];
        string header = kind switch
        {
            "offsets-outside" => """{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,1600]}}""",
            "unknown-dtype" => """{"w":{"dtype":"F33","shape":[4],"data_offsets":[0,16]}}""",
            "shape-mismatch" => """{"w":{"dtype":"F32","shape":[5],"data_offsets":[0,16]}}""",
            "not-json" => """{"w":""",
            // 2^62 x 4 bytes wraps to 0 in 64 bits, which matched the empty data_offsets.
            "shape-overflow" => """{"w":{"dtype":"F32","shape":[4611686018427387904],"data_offsets":[0,0]}}""",
            "overlap" => """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"v":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""",
            _ => """{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""",
        };
        using (var stream = File.Create(path))
        {
            var headerBytes = Encoding.UTF8.GetBytes(header);
            ulong length = kind == "absurd-length" ? ulong.MaxValue / 2 : (ulong)headerBytes.Length;
            if (kind == "too-short")
            {
                stream.Write(new byte[3]);
            }
            else
            {
                stream.Write(BitConverter.GetBytes(length));
                stream.Write(headerBytes);
                stream.Write(data);
            }
        }
        var error = Assert.Throws<WeightsFormatError>(() => SafetensorsFile.Open(path).Dispose());
        Assert.Contains(path, error.Message);
        Assert.Equal(2, error.ExitCode);
    }

    [Theory]
    [InlineData("model.bin")]
    [InlineData("model.ckpt")]
    [InlineData("model.pt")]
    public void RefusesPickleCheckpoints(string name)
    {
        string path = System.IO.Path.Combine(dir, name);
        File.WriteAllBytes(path, new byte[] { 0x80, 0x02 });
        var error = Assert.Throws<WeightsFormatError>(() => SafetensorsFile.Open(path).Dispose());
        Assert.Contains("safetensors", error.Message);
        Assert.Contains("Convert", error.Message);
    }
}
