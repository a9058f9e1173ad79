using Toolchain.Core;

namespace Toolchain.Data.Importers;

/// <summary>
/// Any folder of images plus a CSV, with a column mapping canonical field -> CSV column (see
/// <see cref="MappedRowParser.Fields"/>); <c>image</c> and <c>diagnosis</c> must be mapped. Diagnosis cells may
/// be canonical codes or names <see cref="DiagnosisNames"/> knows. A mapped <c>split</c> column is kept as the
/// official split. Images in --images, <c>images/</c> beside the CSV, or the CSV's folder.
/// </summary>
public sealed class GenericCsvImporter : IDatasetImporter
{
    public const string Name = "csv";

    public string Format => Name;

    public SourceScan Scan(ImportContext context)
    {
        var mapping = CheckMapping(context.ColumnMapping);
        var csvPath = context.ResolveFile(null, ".csv", Name);
        var table = CsvTable.Load(csvPath, context.Display(csvPath), mapping.Values.Distinct().Order(StringComparer.Ordinal).ToList(), context.Problems);
        if (table is null)
        {
            return new SourceScan(0, []);
        }
        var images = context.Images(["images", ""], [".jpg", ".jpeg", ".png"]);
        var rows = new List<SourceRow>();
        foreach (var row in table.Rows)
        {
            var reader = new RowReader(table, row, null, context.Problems);
            var parsed = MappedRowParser.Parse(reader, mapping, Name);
            var source = reader.Row[mapping[MappedRowParser.Image]] is { Length: > 0 } name ? reader.Image(images, name) : null;
            if (parsed is { } p && source is not null && !reader.HasProblems)
            {
                rows.Add(new SourceRow(reader.File, reader.Line, p.Record, source));
            }
        }
        return new SourceScan(table.RowsRead, rows);
    }

    /// <summary>A mapping naming unknown fields, or missing image/diagnosis, is an argument error (exit 2).</summary>
    public static IReadOnlyDictionary<string, string> CheckMapping(IReadOnlyDictionary<string, string> mapping)
    {
        var errors = new List<string>();
        foreach (var (field, column) in mapping.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!MappedRowParser.Fields.Contains(field))
            {
                errors.Add($"unknown field '{field}' (fields: {string.Join(", ", MappedRowParser.Fields)})");
            }
            if (string.IsNullOrWhiteSpace(column))
            {
                errors.Add($"field '{field}' maps to an empty column name");
            }
        }
        foreach (var required in new[] { MappedRowParser.Image, "diagnosis" })
        {
            if (!mapping.ContainsKey(required))
            {
                errors.Add($"field '{required}' must be mapped to a column");
            }
        }
        return errors.Count == 0
            ? mapping
            : throw new ToolchainError($"csv column mapping is invalid:\n  {string.Join("\n  ", errors)}", 2);
    }
}
