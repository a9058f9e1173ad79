using Toolchain.Data.Canonical;

namespace Toolchain.Data.Importers;

/// <summary>
/// The official ISIC 2019 training set: <c>ISIC_2019_Training_GroundTruth.csv</c> (one-hot
/// MEL,NV,BCC,AK,BKL,DF,VASC,SCC,UNK) joined by <c>image</c> with <c>ISIC_2019_Training_Metadata.csv</c>
/// (age_approx, anatom_site_general, lesion_id, sex) when that file is present; images in
/// <c>ISIC_2019_Training_Input/</c>. Records are grouped by lesion_id.
/// </summary>
public sealed class Isic2019Importer : IDatasetImporter
{
    public const string Name = "isic2019";
    public const string GroundTruthFile = "ISIC_2019_Training_GroundTruth.csv";
    public const string MetadataFile = "ISIC_2019_Training_Metadata.csv";

    private static readonly string[] ClassColumns = ["MEL", "NV", "BCC", "AK", "BKL", "DF", "VASC", "SCC"];

    public string Format => Name;

    public SourceScan Scan(ImportContext context)
    {
        var truthPath = context.ResolveFile(GroundTruthFile, ".csv", Name);
        var truth = CsvTable.Load(truthPath, context.Display(truthPath), ["image", .. ClassColumns], context.Problems);
        var metadataPath = Path.Combine(Path.GetDirectoryName(truthPath)!, MetadataFile);
        CsvTable? metadata = null;
        if (File.Exists(metadataPath))
        {
            metadata = CsvTable.Load(metadataPath, context.Display(metadataPath),
                ["image", "age_approx", "anatom_site_general", "lesion_id", "sex"], context.Problems);
        }
        if (truth is null)
        {
            return new SourceScan(0, []);
        }

        var metadataByImage = new Dictionary<string, CsvRow>(StringComparer.Ordinal);
        foreach (var row in metadata?.Rows ?? [])
        {
            metadataByImage.TryAdd(row["image"], row);
        }
        var images = context.Images(["ISIC_2019_Training_Input", "images", ""], [".jpg", ".jpeg", ".png"]);
        var classes = truth.HasColumn("UNK") ? [.. ClassColumns, "UNK"] : ClassColumns;
        var rows = new List<SourceRow>();
        foreach (var row in truth.Rows)
        {
            var reader = new RowReader(truth, row, CanonicalValues.EmptyToNull(row["image"]), context.Problems);
            var image = reader.Required("image");
            var positives = new List<string>();
            var complete = true;
            foreach (var column in classes)
            {
                var value = reader.Binary(column);
                complete &= value is not null;
                if (value == true)
                {
                    positives.Add(column);
                }
            }
            if (complete && positives.Count != 1)
            {
                reader.Problem(DataProblemKind.UnknownLabel, $"one-hot diagnosis has {positives.Count} classes set ({string.Join(",", positives)}); exactly one must be 1");
            }

            var record = new CanonicalRecord
            {
                FileName = "",
                Id = CanonicalLayout.ToId(image ?? "x"),
                Split = "",
                Diagnosis = positives.Count == 1 ? positives[0] : DiagnosisCodes.Unknown,
                Source = Name,
                SourceId = image ?? "",
            };
            if (image is not null && metadata is not null && metadataByImage.TryGetValue(image, out var meta))
            {
                record = WithMetadata(record, new RowReader(metadata, meta, image, context.Problems), reader);
            }
            var source = image is null ? null : reader.Image(images, image);
            if (!reader.HasProblems && source is not null)
            {
                rows.Add(new SourceRow(reader.File, reader.Line, record, source));
            }
        }
        return new SourceScan(truth.RowsRead, rows);
    }

    /// <summary>Adds the metadata row's values; its problems are reported at the metadata file but fail the image row.</summary>
    private static CanonicalRecord WithMetadata(CanonicalRecord record, RowReader meta, RowReader owner)
    {
        var age = meta.Age("age_approx");
        var sex = meta.Sex("sex");
        if (meta.HasProblems)
        {
            owner.Problem(meta.File, meta.Line, DataProblemKind.InvalidValue, "its metadata row has problems (see above)");
        }
        return record with
        {
            Age = age,
            Sex = sex,
            Site = CanonicalValues.NormalizeSite(meta.Row["anatom_site_general"]),
            GroupId = CanonicalValues.EmptyToNull(meta.Row["lesion_id"]),
        };
    }
}
