using System.Buffers.Binary;
using System.Text;
using Toolchain.Diffusion.Weights;
using Xunit.Abstractions;

namespace Toolchain.Cli.Tests.Fuzz;

/// <summary>Malformed safetensors headers: Open (and reading every tensor) succeeds or throws a ToolchainError, and never allocates from an unchecked size.</summary>
public sealed class SafetensorsFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("safetensors-fuzz-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static byte[] File(string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    private static readonly string[] Headers =
    [
        """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""",
        """{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,8]}}""",
        """{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""",
        """{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}""",
        """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,9223372036854775807]}}""",
        """{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""",
        """{"a":{"dtype":"Q99","shape":[2],"data_offsets":[0,8]}}""",
        """{"a":{"dtype":"F32","shape":"2","data_offsets":[0,8]}}""",
        """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""",
        """{"a":{"dtype":"F32","shape":[2]}}""",
        """{"__metadata__":{"k":1},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""",
        """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}""",
        """[]""",
        """{"a":null}""",
        "",
    ];

    [Fact]
    public void MalformedHeadersAreRejectedWithAToolchainError()
    {
        var mutator = new Mutator(seed: 99);
        var valid = File(Headers[0], 8);
        var inputs = new List<(string Kind, byte[] Bytes)>();
        foreach (var header in Headers) inputs.Add(("crafted header", File(header, 8)));
        for (var n = 0; n < 150; n++) inputs.Add(("header byte flip", mutator.FlipBytes(valid, 1 + mutator.Next(3), 8, valid.Length - 8)));
        for (var n = 0; n < 50; n++) inputs.Add(("length field flip", mutator.FlipBytes(valid, 1, 0, 8)));
        for (var n = 0; n < 50; n++) inputs.Add(("truncation", mutator.Truncate(valid)));
        var huge = (byte[])valid.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(huge, ulong.MaxValue);
        inputs.Add(("length ulong.MaxValue", huge));

        int accepted = 0, rejected = 0;
        var path = Path.Combine(root, "model.safetensors");
        for (var i = 0; i < inputs.Count; i++)
        {
            System.IO.File.WriteAllBytes(path, inputs[i].Bytes);
            var ok = FuzzCase.Run($"case {i} ({inputs[i].Kind})", () =>
            {
                using var file = SafetensorsFile.Open(path);
                foreach (var name in file.Names) file.Read(name).Dispose();
            });
            if (ok) accepted++;
            else rejected++;
        }
        output.WriteLine($"safetensors fuzz: {inputs.Count} malformed files ({Headers.Length} crafted headers, 150 header byte flips, 50 length-field flips, 50 truncations, 1 huge length): {accepted} opened, {rejected} rejected with a ToolchainError");
        Assert.True(rejected >= Headers.Length - 3);
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0, 0 }, "zip-packed PyTorch")]
    [InlineData(new byte[] { 0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20 }, "pickle")]
    public void PickleContentNamedSafetensorsIsRefusedWithAConversionHint(byte[] head, string kind)
    {
        var path = Path.Combine(root, "renamed.safetensors");
        System.IO.File.WriteAllBytes(path, [.. head, .. new byte[64]]);

        var error = Assert.Throws<WeightsFormatError>(() => SafetensorsFile.Open(path));
        Assert.Contains($"this is a {kind} checkpoint named like a safetensors file", error.Message);
        Assert.Contains("save_file(torch.load(p, weights_only=True)", error.Message);
    }

    [Fact]
    public void ValidFileWhoseHeaderLengthStartsLikeAPickleOpcodeStillOpens()
    {
        // Header length 0x280 = 640 bytes: first byte 0x80, second 0x02, like pickle protocol 2; byte 8 is '{'.
        var header = """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""".PadRight(640);
        var path = Path.Combine(root, "edge.safetensors");
        System.IO.File.WriteAllBytes(path, File(header, 8));
        Assert.Equal(0x80, System.IO.File.ReadAllBytes(path)[0]);

        using var file = SafetensorsFile.Open(path);
        Assert.Equal(["a"], file.Names);
    }
}
