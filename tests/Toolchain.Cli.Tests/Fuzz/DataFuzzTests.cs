using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using Toolchain.Data.Canonical;
using Toolchain.Data.Imaging;
using Toolchain.Data.Importers;
using Xunit.Abstractions;

namespace Toolchain.Cli.Tests.Fuzz;

/// <summary>Malformed images and CSVs: decoders and readers succeed or throw a ToolchainError, never crash or hang.</summary>
public sealed class DataFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const string CanonicalCsv =
        "file_name,id,group_id,split,diagnosis,hair,gel_bubble,ruler,ink,dark_corner,gel_border,patches,vasc,fitzpatrick,site,age,sex,source,source_id\n" +
        "images/a.png,a,p1,judge,MEL,1,,,0,,,,,5-6,\"lower extremity, left\",42.5,female,test,\"src \"\"a\"\"\"\n" +
        "images/b.png,b,p1,train,NV,0,,,1,,,,,2,back,30,male,test,b\n" +
        "images/c.png,c,p2,val,BCC,,,,,,,,,,,,,test,c\n";

    private readonly string root = Directory.CreateTempSubdirectory("data-fuzz-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static byte[] Encoded(bool jpeg)
    {
        using var image = new Image<Rgb24>(16, 12);
        for (var y = 0; y < 12; y++)
        {
            for (var x = 0; x < 16; x++) image[x, y] = new Rgb24((byte)(x * 15), (byte)(y * 20), (byte)(x ^ y));
        }
        if (!jpeg) return PngFiles.Encode(image);
        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder { Quality = 90 });
        return stream.ToArray();
    }

    [Fact]
    public void MalformedImagesAreDecodedOrRejectedWithAToolchainError()
    {
        var mutator = new Mutator(seed: 4242);
        var decoder = new ImageDecoder();
        var inputs = new List<(string Kind, byte[] Bytes)>();
        foreach (var jpeg in new[] { false, true })
        {
            var valid = Encoded(jpeg);
            var format = jpeg ? "jpeg" : "png";
            for (var n = 0; n < 120; n++) inputs.Add(($"{format} byte flip", mutator.FlipBytes(valid, 1 + mutator.Next(4))));
            for (var n = 0; n < 30; n++) inputs.Add(($"{format} truncation", mutator.Truncate(valid)));
            for (var n = 0; n < 30; n++) inputs.Add(($"{format} header flip", mutator.FlipBytes(valid, 1, 0, 32)));
        }
        // A PNG claiming 60000 x 60000 pixels: must be refused by the size limit, not allocated.
        var bomb = Encoded(jpeg: false);
        bomb[16] = 0; bomb[17] = 0; bomb[18] = 0xea; bomb[19] = 0x60;
        bomb[20] = 0; bomb[21] = 0; bomb[22] = 0xea; bomb[23] = 0x60;
        inputs.Add(("png huge dimensions", bomb));
        inputs.Add(("random bytes", Enumerable.Range(0, 256).Select(i => (byte)(i * 37 + 11)).ToArray()));

        int accepted = 0, rejected = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            if (FuzzCase.Run($"case {i} ({inputs[i].Kind})", () => decoder.Decode(inputs[i].Bytes).Dispose())) accepted++;
            else rejected++;
        }
        output.WriteLine($"image fuzz: {inputs.Count} malformed images (PNG and JPEG byte flips, truncations, header flips, a 60000x60000 PNG header, random bytes): {accepted} decoded, {rejected} rejected with a ToolchainError");
        Assert.False(FuzzCase.Run("huge dimensions", () => decoder.Decode(bomb).Dispose()));
    }

    [Fact]
    public void MalformedCsvsAreReadOrRejectedWithAToolchainError()
    {
        var folder = Path.Combine(root, "dataset");
        Directory.CreateDirectory(folder);
        var csv = Path.Combine(folder, "metadata.csv");
        File.WriteAllText(csv, CanonicalCsv);
        Assert.Equal(3, CanonicalDatasetReader.Read(folder, checkFiles: false).Records.Count);

        var mutator = new Mutator(seed: 777);
        var kinds = new Dictionary<string, int>();
        int accepted = 0, rejected = 0, tables = 0;
        const int cases = 300;
        for (var n = 0; n < cases; n++)
        {
            var (kind, text) = mutator.MutateText(CanonicalCsv);
            var bytes = n % 10 == 0
                ? mutator.FlipBytes(Encoding.UTF8.GetBytes(text), 2) // sometimes invalid UTF-8
                : Encoding.UTF8.GetBytes(text);
            File.WriteAllBytes(csv, bytes);
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            if (FuzzCase.Run($"case {n} ({kind}) canonical reader", () => CanonicalDatasetReader.Read(folder, checkFiles: false))) accepted++;
            else rejected++;
            // The importers' shared strict reader reports problems in its log instead of throwing.
            FuzzCase.Run($"case {n} ({kind}) csv table", () =>
            {
                if (CsvTable.Load(csv, "metadata.csv", ["file_name", "id"], new ProblemLog()) is not null) Interlocked.Increment(ref tables);
            });
        }
        output.WriteLine($"csv fuzz: {cases} mutated canonical metadata.csv files ({string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Value} {k.Key}"))}): canonical reader {accepted} read, {rejected} rejected with a ToolchainError; CsvTable returned a table for {tables}, logged the rest");
        Assert.True(rejected > cases / 4);
    }
}
