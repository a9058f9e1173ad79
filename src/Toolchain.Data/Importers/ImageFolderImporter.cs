using Toolchain.Data.Canonical;

namespace Toolchain.Data.Importers;

/// <summary>
/// An existing Hugging Face imagefolder: <c>metadata.csv</c> whose <c>file_name</c> column names each image
/// relative to the folder. Columns with canonical names (id, group_id, split, diagnosis, the binary labels,
/// fitzpatrick, site, age, sex) are used when present; <c>diagnosis</c> is required. A <c>split</c> column is
/// kept as the official split. A canonical dataset written by this toolchain re-imports unchanged.
/// </summary>
public sealed class ImageFolderImporter : IDatasetImporter
{
    public const string Name = "imagefolder";

    public string Format => Name;

    public SourceScan Scan(ImportContext context)
    {
        var csvPath = context.ResolveFile(CanonicalColumns.MetadataFileName, ".csv", Name);
        var table = CsvTable.Load(csvPath, context.Display(csvPath), [CanonicalColumns.FileName, CanonicalColumns.Diagnosis], context.Problems);
        if (table is null)
        {
            return new SourceScan(0, []);
        }
        var mapping = MappedRowParser.Fields
            .Where(f => f != MappedRowParser.Image && table.HasColumn(f))
            .ToDictionary(f => f, f => f, StringComparer.Ordinal);
        mapping[MappedRowParser.Image] = CanonicalColumns.FileName;
        var images = new ImageLocator([context.ImagesFolder ?? Path.GetDirectoryName(csvPath)!], [".png", ".jpg", ".jpeg"], context.Display);
        var rows = new List<SourceRow>();
        foreach (var row in table.Rows)
        {
            var reader = new RowReader(table, row, null, context.Problems);
            var parsed = MappedRowParser.Parse(reader, mapping, Name);
            var source = row[CanonicalColumns.FileName] is { Length: > 0 } name ? reader.Image(images, name) : null;
            if (parsed is { } p && source is not null && !reader.HasProblems)
            {
                rows.Add(new SourceRow(reader.File, reader.Line, p.Record, source));
            }
        }
        return new SourceScan(table.RowsRead, rows);
    }
}
