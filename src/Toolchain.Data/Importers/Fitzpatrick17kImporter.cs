using Toolchain.Data.Canonical;

namespace Toolchain.Data.Importers;

/// <summary>
/// Fitzpatrick17k: <c>fitzpatrick17k.csv</c> with md5hash, fitzpatrick_scale (1-6, -1 = unknown), label
/// (condition name) and three_partition_label (benign / malignant / non-neoplastic); images
/// <c>&lt;md5hash&gt;.jpg</c>. Conditions that are one ISIC class map to it (<see cref="DiagnosisNames"/>);
/// the rest map to OTHER_BENIGN, OTHER_MALIGNANT or NON_NEOPLASTIC by three_partition_label.
/// </summary>
public sealed class Fitzpatrick17kImporter : IDatasetImporter
{
    public const string Name = "fitzpatrick17k";
    public const string MetadataFile = "fitzpatrick17k.csv";

    private static readonly Dictionary<string, string> Partitions = new(StringComparer.Ordinal)
    {
        ["benign"] = DiagnosisCodes.OtherBenign,
        ["malignant"] = DiagnosisCodes.OtherMalignant,
        ["non-neoplastic"] = DiagnosisCodes.NonNeoplastic,
    };

    private static readonly string[] Scales = ["-1", "1", "2", "3", "4", "5", "6"];

    public string Format => Name;

    public SourceScan Scan(ImportContext context)
    {
        var csvPath = context.ResolveFile(context.SourceIsFile ? null : MetadataFile, ".csv", Name);
        var table = CsvTable.Load(csvPath, context.Display(csvPath),
            ["md5hash", "fitzpatrick_scale", "label", "three_partition_label"], context.Problems);
        if (table is null)
        {
            return new SourceScan(0, []);
        }
        var images = context.Images(["images", ""], [".jpg", ".jpeg", ".png"]);
        var rows = new List<SourceRow>();
        foreach (var row in table.Rows)
        {
            var reader = new RowReader(table, row, CanonicalValues.EmptyToNull(row["md5hash"]), context.Problems);
            var hash = reader.Required("md5hash");
            var scale = reader.OneOf("fitzpatrick_scale", Scales);
            var partition = reader.OneOf("three_partition_label", Partitions.Keys);
            var diagnosis = DiagnosisNames.TryMap(row["label"]) ?? (partition is null ? null : Partitions[partition]);
            var source = hash is null ? null : reader.Image(images, hash);
            if (reader.HasProblems || hash is null || scale is null || diagnosis is null || source is null)
            {
                continue;
            }
            rows.Add(new SourceRow(reader.File, reader.Line, new CanonicalRecord
            {
                FileName = "",
                Id = CanonicalLayout.ToId(hash),
                Split = "",
                Diagnosis = diagnosis,
                Fitzpatrick = scale == "-1" ? null : FitzpatrickRange.Single(int.Parse(scale, System.Globalization.CultureInfo.InvariantCulture)),
                Source = Name,
                SourceId = hash,
            }, source));
        }
        return new SourceScan(table.RowsRead, rows);
    }
}
