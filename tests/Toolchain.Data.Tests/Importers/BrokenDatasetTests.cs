using System.Text;
using Toolchain.Data.Canonical;
using Toolchain.Data.Importers;
using Toolchain.Data.Tests.TestSupport;

namespace Toolchain.Data.Tests.Importers;

/// <summary>One HAM10000-layout folder with every row-level problem at once, imported under both policies.</summary>
public sealed class BrokenDatasetTests : IDisposable
{
    private readonly TempFolder temp = new();

    public BrokenDatasetTests()
    {
        var csv = new StringBuilder("lesion_id,image_id,dx,dx_type,age,sex,localization\n");
        void Row(string image, string dx = "nv", string age = "40.0", string lesion = "") =>
            csv.Append($"{(lesion.Length > 0 ? lesion : "HAM_" + image)},{image},{dx},histo,{age},male,back\n");
        void Image(string image, byte[] bytes) => temp.Write($"src/HAM10000_images_part_1/{image}.jpg", bytes);

        for (var i = 0; i < 6; i++)
        {
            Row($"good_{i}", i % 2 == 0 ? "mel" : "nv");                    // lines 2-7
            Image($"good_{i}", TinyImages.Jpeg(i));
        }
        Row("missing");                                                       // line 8
        Row("truncated"); Image("truncated", TinyImages.TruncatedJpeg(1));    // line 9
        Row("corrupt"); Image("corrupt", TinyImages.CorruptJpeg(2));          // line 10
        Row("notimage"); Image("notimage", "<html>not found</html>"u8.ToArray()); // line 11
        Row("bomb"); Image("bomb", TinyImages.PngBomb());                     // line 12
        Row("badlabel", dx: "melanoma?"); Image("badlabel", TinyImages.Jpeg(3)); // line 13
        Row("badage", age: "forty"); Image("badage", TinyImages.Jpeg(4));     // line 14
        Row("good_1", lesion: "HAM_dup");                                     // line 15: duplicate id
        var bytes = Encoding.UTF8.GetBytes(csv.ToString()).ToList();
        bytes.AddRange("HAM_enc,badenc,nv,histo,40.0,male,b"u8.ToArray());   // line 16: Latin-1 byte
        bytes.Add(0xE4);
        bytes.AddRange("ck\n"u8.ToArray());
        Image("badenc", TinyImages.Jpeg(5));
        temp.Write("src/HAM10000_metadata.csv", [.. bytes]);
    }

    public void Dispose() => temp.Dispose();

    private static readonly string[] ExpectedProblems =
    [
        "HAM10000_metadata.csv:8: missing image",
        "HAM10000_metadata.csv:9: corrupt image",
        "HAM10000_metadata.csv:10: corrupt image",
        "HAM10000_metadata.csv:11: not an image",
        "HAM10000_metadata.csv:12: decompression bomb",
        "HAM10000_metadata.csv:13: unknown label value",
        "HAM10000_metadata.csv:14: invalid value",
        "HAM10000_metadata.csv:15: duplicate id",
        "HAM10000_metadata.csv:16: invalid encoding",
    ];

    [Fact]
    public void FailPolicyListsEveryProblemAndWritesNothing()
    {
        var output = temp.Combine("out");
        var error = Assert.Throws<DataImportError>(() => Imports.Run("ham10000", temp.Combine("src"), output));

        Assert.Equal(ExpectedProblems, error.Problems.Select(p => $"{p.Location}: {p.Kind.Reason()}"));
        Assert.Equal(1, error.ExitCode);
        foreach (var expected in ExpectedProblems)
        {
            Assert.Contains(expected, error.Message);
        }
        Assert.Contains("id 'good_1' is already used at HAM10000_metadata.csv:3", error.Message);
        Assert.Contains("no image 'missing' (.jpg/.jpeg/.png) in HAM10000_images_part_1/", error.Message);
        Assert.False(Directory.Exists(output));
        Assert.Equal(["src"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void SkipPolicyImportsTheGoodRowsAndReportsTheRest()
    {
        var (dataset, summary) = Imports.Run("ham10000", temp.Combine("src"), temp.Combine("out"), BadRowPolicy.Skip);

        var records = Imports.Verify(dataset).Records;
        Assert.Equal(["good_0", "good_1", "good_2", "good_3", "good_4", "good_5"], records.Select(r => r.Id));
        Assert.Equal(15, summary.RowsRead);
        Assert.Equal(6, summary.Imported);
        Assert.Equal(9, summary.SkippedRows);
        Assert.Equal(
            ["missing image 1", "corrupt image 2", "not an image 1", "decompression bomb 1", "unknown label value 1", "invalid value 1", "duplicate id 1", "invalid encoding 1"],
            summary.ProblemsByReason.Select(kv => $"{kv.Key} {kv.Value}"));

        var skipped = File.ReadAllLines(Path.Combine(dataset.Folder, ImportRunner.SkippedFile));
        Assert.Equal("file,line,id,reason,detail", skipped[0]);
        Assert.Equal(ExpectedProblems, skipped.Skip(1).Select(l => string.Join(": ", l.Split(',')[0] + ":" + l.Split(',')[1], l.Split(',')[3])));
        Assert.StartsWith("HAM10000_metadata.csv,12,bomb,decompression bomb,", skipped[5]);
        Assert.Contains("rows read: 15", summary.Render());
    }

    [Fact]
    public void FileLevelProblemsFailEvenUnderSkipAndAreAllListed()
    {
        // Ground truth with a bad row, and a metadata file that lacks a column: both are reported together.
        temp.WriteText("isic/ISIC_2019_Training_GroundTruth.csv", "image,MEL,NV,BCC,AK,BKL,DF,VASC,SCC,UNK\nISIC_1,1.0,1.0,0,0,0,0,0,0,0\n");
        temp.WriteText("isic/ISIC_2019_Training_Metadata.csv", "image,age_approx,lesion_id,sex\nISIC_1,40,L1,male\n");
        var error = Assert.Throws<DataImportError>(() => Imports.Run("isic2019", temp.Combine("isic"), temp.Combine("out"), BadRowPolicy.Skip));
        Assert.Equal(
            ["ISIC_2019_Training_GroundTruth.csv:2: missing image", "ISIC_2019_Training_GroundTruth.csv:2: unknown label value", "ISIC_2019_Training_Metadata.csv:1: missing column"],
            error.Problems.Select(p => $"{p.Location}: {p.Kind.Reason()}").Order(StringComparer.Ordinal));
        Assert.Contains("'anatom_site_general'", error.Message);

        temp.WriteText("empty/HAM10000_metadata.csv", "");
        var empty = Assert.Throws<DataImportError>(() => Imports.Run("ham10000", temp.Combine("empty"), temp.Combine("out"), BadRowPolicy.Skip));
        Assert.Equal("HAM10000_metadata.csv: empty csv", $"{empty.Problems[0].Location}: {empty.Problems[0].Kind.Reason()}");
        Assert.False(Directory.Exists(temp.Combine("out")));
    }
}
