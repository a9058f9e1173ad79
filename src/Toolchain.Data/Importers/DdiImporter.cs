using Toolchain.Data.Canonical;

namespace Toolchain.Data.Importers;

/// <summary>
/// Diverse Dermatology Images: <c>ddi_metadata.csv</c> with DDI_file (the image file name), skin_tone
/// (12, 34 or 56 = Fitzpatrick I-II, III-IV, V-VI, kept as ranges), malignant (True/False) and disease
/// (a condition name, mapped like Fitzpatrick17k's). Images beside the CSV or in <c>images/</c>.
/// </summary>
public sealed class DdiImporter : IDatasetImporter
{
    public const string Name = "ddi";
    public const string MetadataFile = "ddi_metadata.csv";

    private static readonly Dictionary<string, FitzpatrickRange> Tones = new(StringComparer.Ordinal)
    {
        ["12"] = new FitzpatrickRange(1, 2),
        ["34"] = new FitzpatrickRange(3, 4),
        ["56"] = new FitzpatrickRange(5, 6),
    };

    private static readonly Dictionary<string, bool> Malignant = new(StringComparer.OrdinalIgnoreCase)
    {
        ["True"] = true,
        ["False"] = false,
        ["1"] = true,
        ["0"] = false,
    };

    public string Format => Name;

    public SourceScan Scan(ImportContext context)
    {
        var csvPath = context.ResolveFile(context.SourceIsFile ? null : MetadataFile, ".csv", Name);
        var table = CsvTable.Load(csvPath, context.Display(csvPath), ["DDI_file", "skin_tone", "malignant", "disease"], context.Problems);
        if (table is null)
        {
            return new SourceScan(0, []);
        }
        var images = context.Images(["images", ""], [".png", ".jpg", ".jpeg"]);
        var rows = new List<SourceRow>();
        foreach (var row in table.Rows)
        {
            var file = CanonicalValues.EmptyToNull(row["DDI_file"]);
            var reader = new RowReader(table, row, file is null ? null : Path.GetFileNameWithoutExtension(file), context.Problems);
            reader.Required("DDI_file");
            var tone = reader.OneOf("skin_tone", Tones.Keys);
            var malignantText = reader.OneOf("malignant", ["True", "False", "1", "0"]);
            var diagnosis = DiagnosisNames.TryMap(row["disease"])
                ?? (malignantText is null ? null : Malignant[malignantText] ? DiagnosisCodes.OtherMalignant : DiagnosisCodes.OtherBenign);
            var source = file is null ? null : reader.Image(images, file);
            if (reader.HasProblems || file is null || tone is null || diagnosis is null || source is null)
            {
                continue;
            }
            rows.Add(new SourceRow(reader.File, reader.Line, new CanonicalRecord
            {
                FileName = "",
                Id = CanonicalLayout.ToId(Path.GetFileNameWithoutExtension(file)),
                Split = "",
                Diagnosis = diagnosis,
                Fitzpatrick = Tones[tone],
                Source = Name,
                SourceId = file,
            }, source));
        }
        return new SourceScan(table.RowsRead, rows);
    }
}
