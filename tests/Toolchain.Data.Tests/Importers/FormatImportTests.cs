using System.Text;
using Toolchain.Data.Canonical;
using Toolchain.Data.Importers;
using Toolchain.Data.Tests.TestSupport;

namespace Toolchain.Data.Tests.Importers;

/// <summary>Each format imports a tiny look-alike dataset laid out exactly as the public one.</summary>
public sealed class FormatImportTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string Out => temp.Combine("out");

    [Fact]
    public void Rl4MedSplitCsv()
    {
        var csv = new StringBuilder("image,MEL,NV,dark_corner,hair,gel_border,gel_bubble,ruler,ink,patches,vasc,label\n");
        for (var i = 0; i < 12; i++)
        {
            var mel = i % 3 == 0 ? 1 : 0;
            csv.Append($"ISIC_{i:D7},{mel}.0,{1 - mel}.0,0,{i % 2},0,{(i == 4 ? 1 : 0)},{(i % 4 == 1 ? 1 : 0)},0,0,0,{mel}\n");
            temp.Write($"src/images/ISIC_{i:D7}.jpg", TinyImages.Jpeg(i));
        }
        var csvPath = temp.WriteText("src/train_split.csv", csv.ToString());

        var (dataset, summary) = Imports.Run("isic2019-rl4med", csvPath, Out);

        var records = Imports.Verify(dataset).Records;
        Assert.Equal(12, records.Count);
        Assert.Equal(new Dictionary<string, int> { ["MEL"] = 4, ["NV"] = 8 }, records.CountBy(r => r.Diagnosis));
        Assert.Equal(6, records.Count(r => r.Labels.Hair == true));
        Assert.Equal(1, records.Count(r => r.Labels.GelBubble == true));
        Assert.Equal(3, records.Count(r => r.Labels.Ruler == true));
        Assert.All(records, r => Assert.Equal(false, r.Labels.Ink));
        Assert.Equal("ISIC_0000004", records.Single(r => r.Labels.GelBubble == true).SourceId);
        Assert.Equal(12, summary.SplitCounts.Sum(kv => kv.Value));
        Assert.Contains("hair 6/12", summary.Render());
    }

    [Fact]
    public void Isic2019OfficialGroundTruthAndMetadata()
    {
        string[] classes = ["MEL", "NV", "BCC", "AK", "BKL", "DF", "VASC", "SCC", "UNK"];
        var truth = new StringBuilder("image," + string.Join(",", classes) + "\n");
        var meta = new StringBuilder("image,age_approx,anatom_site_general,lesion_id,sex\n");
        for (var i = 0; i < 9; i++)
        {
            var image = $"ISIC_{i:D7}";
            truth.Append(image + "," + string.Join(",", classes.Select((_, c) => c == i % 8 ? "1.0" : "0.0")) + "\n");
            meta.Append($"{image},{(i == 2 ? "" : $"{30 + i * 5}.0")},{(i % 2 == 0 ? "anterior torso" : "")},{(i < 4 ? "BCN_0000001" : $"HAM_{i:D7}")},{(i % 2 == 0 ? "male" : "female")}\n");
            temp.Write($"src/ISIC_2019_Training_Input/{image}.jpg", TinyImages.Jpeg(i));
        }
        temp.WriteText("src/ISIC_2019_Training_GroundTruth.csv", truth.ToString());
        temp.WriteText("src/ISIC_2019_Training_Metadata.csv", meta.ToString());

        var (dataset, _) = Imports.Run("isic2019", temp.Combine("src"), Out);

        var records = Imports.Verify(dataset).Records;
        Assert.Equal(9, records.Count);
        Assert.Equal(2, records.Count(r => r.Diagnosis == "MEL"));
        Assert.Equal(1, records.Count(r => r.Diagnosis == "SCC"));
        var first = records[0];
        Assert.Equal(("BCN_0000001", 30.0, "anterior torso", "male"), (first.GroupId, first.Age, first.Site, first.Sex));
        Assert.Null(records[2].Age);
        Assert.Null(records[1].Site);
        Assert.Equal(4, records.Count(r => r.GroupId == "BCN_0000001"));
        Imports.AssertNoGroupCrossesSplits(records);
    }

    [Fact]
    public void Ham10000WithTwoImageFoldersAndDatasetColumn()
    {
        string[] dx = ["akiec", "bcc", "bkl", "df", "mel", "nv", "vasc"];
        var csv = new StringBuilder("lesion_id,image_id,dx,dx_type,age,sex,localization,dataset\n");
        for (var i = 0; i < 14; i++)
        {
            var image = $"ISIC_{i:D7}";
            csv.Append($"HAM_{i / 2:D7},{image},{dx[i / 2]},histo,{(i == 5 ? "" : "45.0")},{(i % 3 == 0 ? "unknown" : "female")},back,vidir_modern\n");
            temp.Write($"src/HAM10000_images_part_{(i < 7 ? 1 : 2)}/{image}.jpg", TinyImages.Jpeg(i));
        }
        temp.WriteText("src/HAM10000_metadata.csv", csv.ToString());

        var (dataset, summary) = Imports.Run("ham10000", temp.Combine("src"), Out);

        var records = Imports.Verify(dataset).Records;
        Assert.Equal(14, records.Count);
        Assert.Equal(["AK", "BCC", "BKL", "DF", "MEL", "NV", "VASC"], records.Select(r => r.Diagnosis).Distinct().Order());
        Assert.All(records.CountBy(r => r.Diagnosis).Values, count => Assert.Equal(2, count));
        Assert.Null(records[5].Age);
        Assert.Null(records[0].Sex);
        Assert.Equal("back", records[1].Site);
        Imports.AssertNoGroupCrossesSplits(records);
        Assert.Equal(0, summary.SkippedRows);
    }

    [Fact]
    public void Fitzpatrick17kMd5NamedImages()
    {
        var csv = new StringBuilder("md5hash,fitzpatrick_scale,fitzpatrick_centaur,label,nine_partition_label,three_partition_label,qc,url,url_alphanum\n");
        (string Label, string Partition, int Scale)[] rows =
        [
            ("melanoma", "malignant", 2), ("psoriasis", "non-neoplastic", -1), ("basal cell carcinoma", "malignant", 6),
            ("kaposi sarcoma", "malignant", 5), ("seborrheic keratosis", "benign", 3), ("becker nevus", "benign", 1),
        ];
        for (var i = 0; i < rows.Length; i++)
        {
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData([(byte)i]));
            csv.Append($"{hash},{rows[i].Scale},{rows[i].Scale},{rows[i].Label},x,{rows[i].Partition},,https://example.org/{i}.jpg,x\n");
            temp.Write($"src/images/{hash}.jpg", TinyImages.Jpeg(i));
        }
        temp.WriteText("src/fitzpatrick17k.csv", csv.ToString());

        var (dataset, _) = Imports.Run("fitzpatrick17k", temp.Combine("src"), Out);

        var bySource = Imports.Verify(dataset).Records.ToDictionary(r => r.SourceId);
        var ordered = Enumerable.Range(0, rows.Length)
            .Select(i => bySource[Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData([(byte)i]))]).ToList();
        Assert.Equal(["MEL", "NON_NEOPLASTIC", "BCC", "OTHER_MALIGNANT", "BKL", "OTHER_BENIGN"], ordered.Select(r => r.Diagnosis));
        Assert.Equal(["2", "", "6", "5", "3", "1"], ordered.Select(r => r.Fitzpatrick?.ToString() ?? ""));
    }

    [Fact]
    public void DdiWithIndexColumnAndSkinToneBands()
    {
        var csv = new StringBuilder(",DDI_ID,DDI_file,skin_tone,malignant,disease\n");
        (int Tone, bool Malignant, string Disease)[] rows =
        [
            (12, true, "melanoma-in-situ"), (34, false, "melanocytic-nevi"), (56, true, "mycosis-fungoides"),
            (56, false, "verruca-vulgaris"), (12, true, "basal-cell-carcinoma-nodular"),
        ];
        for (var i = 0; i < rows.Length; i++)
        {
            csv.Append($"{i},{i + 1},{i + 1:D6}.png,{rows[i].Tone},{(rows[i].Malignant ? "True" : "False")},{rows[i].Disease}\n");
            temp.Write($"src/{i + 1:D6}.png", TinyImages.Png(i));
        }
        temp.WriteText("src/ddi_metadata.csv", csv.ToString());

        var (dataset, _) = Imports.Run("ddi", temp.Combine("src"), Out);

        var records = Imports.Verify(dataset).Records;
        Assert.Equal(["000001", "000002", "000003", "000004", "000005"], records.Select(r => r.Id));
        Assert.Equal(["MEL", "NV", "OTHER_MALIGNANT", "OTHER_BENIGN", "BCC"], records.Select(r => r.Diagnosis));
        Assert.Equal(["1-2", "3-4", "5-6", "5-6", "1-2"], records.Select(r => r.Fitzpatrick!.Value.ToString()));
    }

    [Fact]
    public void DermaMnistKeepsItsOfficialSplitAndCarvesJudgeFromTest()
    {
        var arrays = new Dictionary<string, (string, long[], byte[])>();
        foreach (var (prefix, count) in new[] { ("train", 10), ("val", 2), ("test", 4) })
        {
            var pixels = new byte[count * 28 * 28 * 3];
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (byte)(i * 7 + count);
            }
            arrays[$"{prefix}_images"] = ("|u1", [count, 28, 28, 3], pixels);
            arrays[$"{prefix}_labels"] = ("|u1", [count, 1], Enumerable.Range(0, count).Select(i => (byte)(i % 7)).ToArray());
        }
        var npz = temp.Write("src/dermamnist.npz", TinyImages.Npz(arrays));

        var (dataset, summary) = Imports.Run("dermamnist", npz, Out);

        var records = Imports.Verify(dataset).Records;
        Assert.Equal(16, records.Count);
        Assert.Equal(10, records.Count(r => r.Split == "train" && r.Id.StartsWith("train_")));
        Assert.Equal(2, records.Count(r => r.Split == "val" && r.Id.StartsWith("val_")));
        Assert.Equal(4, records.Count(r => r.Split is "test" or "judge" && r.Id.StartsWith("test_")));
        Assert.Equal(2, records.Count(r => r.Split == "judge"));
        Assert.Equal(["AK", "BCC", "BKL", "DF", "MEL", "NV", "VASC"], records.Where(r => r.Split == "train").Take(7).Select(r => r.Diagnosis));
        Assert.Equal(16, summary.RowsRead);
    }

    [Fact]
    public void DermaMnistRejectsAMalformedNpyHeader()
    {
        var arrays = new Dictionary<string, (string, long[], byte[])>
        {
            ["train_images"] = ("<f4", [1, 28, 28, 3], new byte[28 * 28 * 3 * 4]),
            ["train_labels"] = ("|u1", [1, 1], [0]),
        };
        var npz = temp.Write("src/dermamnist.npz", TinyImages.Npz(arrays));
        var error = Assert.Throws<DataImportError>(() => Imports.Run("dermamnist", npz, Out));
        Assert.Contains("dermamnist.npz/train_images.npy: malformed array file: dtype '<f4' is not supported", error.Message);
        Assert.Contains("the archive has no val_images.npy", error.Message);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void GenericCsvWithColumnMappingAndExplicitImagesFolder()
    {
        var csv = new StringBuilder("file,dx,has_hair,years,patient,fold\n");
        string[] dx = ["melanoma", "NV", "bcc", "MEL", "nevus", "NV"];
        for (var i = 0; i < dx.Length; i++)
        {
            csv.Append($"p{i}.png,{dx[i]},{i % 2},{20 + i},pat{i / 2},{(i < 4 ? "train" : "test")}\n");
            temp.Write($"pictures/p{i}.png", TinyImages.Png(i));
        }
        var csvPath = temp.WriteText("src/labels.csv", csv.ToString());
        var mapping = new Dictionary<string, string>
        {
            ["image"] = "file", ["diagnosis"] = "dx", ["hair"] = "has_hair", ["age"] = "years", ["group_id"] = "patient", ["split"] = "fold",
        };

        var (dataset, _) = Imports.Run("csv", csvPath, Out, images: temp.Combine("pictures"), mapping: mapping);

        var records = Imports.Verify(dataset).Records;
        Assert.Equal(["MEL", "NV", "BCC", "MEL", "NV", "NV"], records.Select(r => r.Diagnosis));
        Assert.Equal(["p0", "p1", "p2", "p3", "p4", "p5"], records.Select(r => r.Id));
        Assert.Equal(3, records.Count(r => r.Labels.Hair == true));
        Assert.Equal(4, records.Count(r => r.Split == "train"));
        Assert.Equal(2, records.Count(r => r.Split is "test" or "judge"));
        Assert.Equal(25.0, records[5].Age);
    }

    [Fact]
    public void GenericCsvRejectsABadMappingAsAnArgumentError()
    {
        var csvPath = temp.WriteText("src/labels.csv", "file,dx\na.png,MEL\n");
        var error = Assert.Throws<Toolchain.Core.ToolchainError>(() =>
            Imports.Run("csv", csvPath, Out, mapping: new Dictionary<string, string> { ["image"] = "file", ["colour"] = "c" }));
        Assert.Equal(2, error.ExitCode);
        Assert.Contains("unknown field 'colour'", error.Message);
        Assert.Contains("field 'diagnosis' must be mapped", error.Message);
    }

    [Fact]
    public void ImageFolderReimportsACanonicalDataset()
    {
        var csv = new StringBuilder("lesion_id,image_id,dx,dx_type,age,sex,localization\n");
        for (var i = 0; i < 8; i++)
        {
            csv.Append($"HAM_{i / 2},ISIC_{i},{(i < 4 ? "mel" : "nv")},histo,50,male,face\n");
            temp.Write($"src/HAM10000_images_part_1/ISIC_{i}.jpg", TinyImages.Jpeg(i));
        }
        temp.WriteText("src/HAM10000_metadata.csv", csv.ToString());
        var (first, _) = Imports.Run("ham10000", temp.Combine("src"), Out);

        var (second, _) = Imports.Run("imagefolder", first.Folder, temp.Combine("again"));

        var records = Imports.Verify(second).Records;
        Assert.Equal(first.Records.Select(r => (r.Id, r.GroupId, r.Split, r.Diagnosis, r.Age, r.Sex, r.Site)),
            records.Select(r => (r.Id, r.GroupId, r.Split, r.Diagnosis, r.Age, r.Sex, r.Site)));
        Assert.All(records, r => Assert.Equal("imagefolder", r.Source));
        Assert.Equal("images/ISIC_0.png", records[0].SourceId);
    }

    [Fact]
    public void UnknownFormatAndMissingSourceAreArgumentErrors()
    {
        Assert.Equal(2, Assert.Throws<Toolchain.Core.ToolchainError>(() => Imports.Run("isic2020", temp.Path, Out)).ExitCode);
        Assert.Equal(2, Assert.Throws<Toolchain.Core.ToolchainError>(() => Imports.Run("ham10000", temp.Combine("nope"), Out)).ExitCode);
        Assert.Equal(2, Assert.Throws<Toolchain.Core.ToolchainError>(() => Imports.Run("ham10000", temp.Path, Out)).ExitCode);
    }
}
