using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Toolchain.Core;
using Toolchain.Data.Canonical;
using Toolchain.Data.Tests.TestSupport;

namespace Toolchain.Data.Tests.Canonical;

public sealed class CanonicalDatasetTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private static CanonicalRecord Full(string id, string split) => Records.Make(id, "MEL", split, group: "p1", hair: true, ink: false) with
    {
        Fitzpatrick = new FitzpatrickRange(5, 6),
        Site = "lower extremity, left",
        Age = 42.5,
        Sex = "female",
        SourceId = $"src \"{id}\"",
    };

    private CanonicalDataset WriteTwo(string folder)
    {
        using var writer = CanonicalDatasetWriter.Create(temp.Combine(folder));
        var records = new List<CanonicalRecord>();
        foreach (var (id, split) in new[] { ("b", "train"), ("a", "judge") })
        {
            using var image = TinyImages.Pattern(8, 8, id[0]);
            using var mask = new Image<L8>(8, 8, new L8(255));
            var file = writer.WriteImage(id, image);
            var maskFile = writer.WriteMask(id, "hair", mask);
            records.Add(Full(id, split) with { FileName = file, Masks = new MaskFiles(new Dictionary<string, string> { ["hair"] = maskFile }) });
        }
        return writer.Commit(records);
    }

    [Fact]
    public void WrittenDatasetReadsBackEqualWithFixedColumnsAndOrder()
    {
        var written = WriteTwo("ds");
        var read = CanonicalDatasetReader.Read(written.Folder);
        Assert.Equal(written.Records, read.Records);
        Assert.Equal(["a", "b"], read.Records.Select(r => r.Id));
        var lines = File.ReadAllLines(Path.Combine(written.Folder, "metadata.csv"));
        Assert.Equal("file_name,id,group_id,split,diagnosis,hair,gel_bubble,ruler,ink,dark_corner,gel_border,patches,vasc,fitzpatrick,site,age,sex,source,source_id,mask_hair", lines[0]);
        Assert.Equal("images/a.png,a,p1,judge,MEL,1,,,0,,,,,5-6,\"lower extremity, left\",42.5,female,test,\"src \"\"a\"\"\",masks/a_hair.png", lines[1]);
    }

    [Fact]
    public void SameDataGivesSameBytes()
    {
        var first = WriteTwo("one");
        var second = WriteTwo("two");
        foreach (var file in new[] { "metadata.csv", "images/a.png", "masks/b_hair.png" })
        {
            Assert.Equal(File.ReadAllBytes(first.PathOf(file)), File.ReadAllBytes(second.PathOf(file)));
        }
    }

    [Fact]
    public void UncommittedWriterLeavesNothingAndNonEmptyTargetIsRefused()
    {
        using (var writer = CanonicalDatasetWriter.Create(temp.Combine("ds")))
        {
            using var image = TinyImages.Pattern(8, 8, 1);
            writer.WriteImage("x", image);
        }
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));

        temp.WriteText("busy/keep.txt", "x");
        Assert.Equal(2, Assert.Throws<ToolchainError>(() => CanonicalDatasetWriter.Create(temp.Combine("busy"))).ExitCode);
    }

    [Fact]
    public void ReaderReportsEveryBadCellWithFileAndLine()
    {
        var written = WriteTwo("ds");
        var path = Path.Combine(written.Folder, "metadata.csv");
        var lines = File.ReadAllLines(path);
        lines[1] = lines[1].Replace(",judge,", ",holdout,").Replace(",42.5,", ",old,");
        lines[2] = lines[2].Replace("images/b.png", "images/zz.png").Replace(",MEL,", ",MELANOMA,");
        File.WriteAllLines(path, lines);

        var error = Assert.Throws<ToolchainError>(() => CanonicalDatasetReader.Read(written.Folder));
        Assert.Contains("metadata.csv:2: split 'holdout' is not one of train, val, test, judge", error.Message);
        Assert.Contains("metadata.csv:2: age 'old' is not a number", error.Message);
        Assert.Contains("metadata.csv:3: diagnosis 'MELANOMA' is not a canonical code", error.Message);
        Assert.Contains("metadata.csv:3: file 'images/zz.png' does not exist", error.Message);
        Assert.StartsWith("canonical dataset is invalid (4 problems)", error.Message);
    }
}
