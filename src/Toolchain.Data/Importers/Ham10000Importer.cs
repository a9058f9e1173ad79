using Toolchain.Data.Canonical;

namespace Toolchain.Data.Importers;

/// <summary>
/// HAM10000: <c>HAM10000_metadata.csv</c> = lesion_id,image_id,dx,dx_type,age,sex,localization (a trailing
/// <c>dataset</c> column is allowed); images <c>&lt;image_id&gt;.jpg</c> spread over
/// <c>HAM10000_images_part_1/</c> and <c>HAM10000_images_part_2/</c>. Several images show the same lesion,
/// so records are grouped by lesion_id.
/// </summary>
public sealed class Ham10000Importer : IDatasetImporter
{
    public const string Name = "ham10000";
    public const string MetadataFile = "HAM10000_metadata.csv";

    private static readonly Dictionary<string, string> Dx = new(StringComparer.Ordinal)
    {
        ["akiec"] = DiagnosisCodes.ActinicKeratosis,
        ["bcc"] = DiagnosisCodes.BasalCellCarcinoma,
        ["bkl"] = DiagnosisCodes.BenignKeratosis,
        ["df"] = DiagnosisCodes.Dermatofibroma,
        ["mel"] = DiagnosisCodes.Melanoma,
        ["nv"] = DiagnosisCodes.Nevus,
        ["vasc"] = DiagnosisCodes.Vascular,
    };

    public string Format => Name;

    public SourceScan Scan(ImportContext context)
    {
        var csvPath = context.ResolveFile(MetadataFile, ".csv", Name);
        var table = CsvTable.Load(csvPath, context.Display(csvPath),
            ["lesion_id", "image_id", "dx", "dx_type", "age", "sex", "localization"], context.Problems);
        if (table is null)
        {
            return new SourceScan(0, []);
        }
        var images = context.Images(
            ["HAM10000_images_part_1", "HAM10000_images_part_2", "ham10000_images_part_1", "ham10000_images_part_2", "images", ""],
            [".jpg", ".jpeg", ".png"]);
        var rows = new List<SourceRow>();
        foreach (var row in table.Rows)
        {
            var reader = new RowReader(table, row, CanonicalValues.EmptyToNull(row["image_id"]), context.Problems);
            var imageId = reader.Required("image_id");
            var lesion = reader.Required("lesion_id");
            var dx = reader.OneOf("dx", Dx.Keys);
            var age = reader.Age("age");
            var sex = reader.Sex("sex");
            var source = imageId is null ? null : reader.Image(images, imageId);
            if (reader.HasProblems || imageId is null || dx is null || source is null)
            {
                continue;
            }
            rows.Add(new SourceRow(reader.File, reader.Line, new CanonicalRecord
            {
                FileName = "",
                Id = CanonicalLayout.ToId(imageId),
                GroupId = lesion,
                Split = "",
                Diagnosis = Dx[dx],
                Age = age,
                Sex = sex,
                Site = CanonicalValues.NormalizeSite(row["localization"]),
                Source = Name,
                SourceId = imageId,
            }, source));
        }
        return new SourceScan(table.RowsRead, rows);
    }
}
