using Toolchain.Data.Canonical;

namespace Toolchain.Data.Importers;

/// <summary>
/// ISIC 2019 as the RL4Med split CSV gives it: <c>image,MEL,NV,dark_corner,hair,gel_border,gel_bubble,ruler,ink,patches,vasc,label</c>
/// (one-hot MEL/NV, <c>label</c> 1 = MEL, artifact flags 0/1), images <c>&lt;image&gt;.jpg</c> in <c>images/</c>
/// beside the CSV or in the CSV's folder.
/// </summary>
public sealed class Rl4MedIsicImporter : IDatasetImporter
{
    public const string Name = "isic2019-rl4med";

    private static readonly string[] ArtifactColumns =
    [
        BinaryLabels.DarkCorner, BinaryLabels.Hair, BinaryLabels.GelBorder, BinaryLabels.GelBubble,
        BinaryLabels.Ruler, BinaryLabels.Ink, BinaryLabels.Patches, BinaryLabels.Vasc,
    ];

    public string Format => Name;

    public SourceScan Scan(ImportContext context)
    {
        var csvPath = context.ResolveFile(null, ".csv", Name);
        var table = CsvTable.Load(csvPath, context.Display(csvPath), ["image", "MEL", "NV", .. ArtifactColumns, "label"], context.Problems);
        if (table is null)
        {
            return new SourceScan(0, []);
        }
        var images = context.Images(["images", ""], [".jpg", ".jpeg", ".png"]);
        var rows = new List<SourceRow>();
        foreach (var row in table.Rows)
        {
            var reader = new RowReader(table, row, CanonicalValues.EmptyToNull(row["image"]), context.Problems);
            var image = reader.Required("image");
            var mel = reader.Binary("MEL");
            var nv = reader.Binary("NV");
            var label = reader.Binary("label");
            var labels = ArtifactLabels.Unknown;
            foreach (var column in ArtifactColumns)
            {
                labels = labels.With(column, reader.Binary(column));
            }
            string? diagnosis = null;
            if (mel is not null && nv is not null && label is not null)
            {
                if (mel == nv)
                {
                    reader.Problem(DataProblemKind.UnknownLabel, $"MEL={CanonicalValues.FormatBinary(mel)} and NV={CanonicalValues.FormatBinary(nv)}: exactly one must be 1");
                }
                else if (label != mel)
                {
                    reader.Problem(DataProblemKind.UnknownLabel, $"label={CanonicalValues.FormatBinary(label)} contradicts MEL={CanonicalValues.FormatBinary(mel)}");
                }
                else
                {
                    diagnosis = mel == true ? DiagnosisCodes.Melanoma : DiagnosisCodes.Nevus;
                }
            }
            else if (row["MEL"].Length == 0 || row["NV"].Length == 0 || row["label"].Length == 0)
            {
                reader.Problem(DataProblemKind.UnknownLabel, "MEL, NV and label must all be given");
            }
            var source = image is null ? null : reader.Image(images, image);
            if (reader.HasProblems || image is null || diagnosis is null || source is null)
            {
                continue;
            }
            rows.Add(new SourceRow(reader.File, reader.Line, new CanonicalRecord
            {
                FileName = "",
                Id = CanonicalLayout.ToId(image),
                Split = "",
                Diagnosis = diagnosis,
                Labels = labels,
                Source = Name,
                SourceId = image,
            }, source));
        }
        return new SourceScan(table.RowsRead, rows);
    }
}
