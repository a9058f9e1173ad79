using System.Text;
using Toolchain.Core;
using Toolchain.Data.Canonical;
using Toolchain.Data.Imaging;
using Toolchain.Data.Splits;

namespace Toolchain.Data.Importers;

/// <summary>
/// Runs an import end to end: the format's importer reads the metadata, duplicate ids are found, every image is
/// decoded with limits and resized, splits are planned, and the canonical dataset is committed atomically.
/// Under <see cref="BadRowPolicy.Fail"/> any problem throws a <see cref="DataImportError"/> listing all of them
/// and nothing is written; under <see cref="BadRowPolicy.Skip"/> the good rows are written with
/// <c>skipped.csv</c> (file,line,id,reason,detail). File-level problems (empty CSV, missing column, unreadable
/// array file) fail under both policies.
/// </summary>
public static class ImportRunner
{
    public const string SkippedFile = "skipped.csv";

    /// <param name="progress">Called with (images done, images total) after each image.</param>
    public static (CanonicalDataset Dataset, ImportSummary Summary) Run(ImportRequest request, Action<int, int>? progress = null)
    {
        var importer = ImporterRegistry.Get(request.Format);
        var resizer = new ImageResizer(request.Resolution, request.Resize);
        var decoder = new ImageDecoder(request.Limits);
        var problems = new ProblemLog();
        var context = new ImportContext(request.Source, request.Images, request.ColumnMapping, problems);

        var scan = importer.Scan(context);
        var rows = DropDuplicates(scan.Rows, problems);

        using var writer = CanonicalDatasetWriter.Create(request.Output);
        var records = new List<CanonicalRecord>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            try
            {
                using var image = row.Image.Load(decoder);
                // Once a fail-policy import is doomed, images are still decoded (to report every problem) but not written.
                if (request.OnBadRows == BadRowPolicy.Skip || problems.Count == 0)
                {
                    using var resized = resizer.Resize(image);
                    records.Add(row.Record with { FileName = writer.WriteImage(row.Record.Id, resized) });
                }
            }
            catch (ImageDataException error)
            {
                var where = row.Image is FileImageSource file ? $"{context.Display(file.Path)}: " : "";
                problems.Add(new DataProblem(row.File, row.Line, row.Record.Id, error.Kind, where + error.Message));
            }
            progress?.Invoke(i + 1, rows.Count);
        }

        var sorted = problems.Sorted();
        if (problems.HasFileLevel)
        {
            throw new DataImportError(request.Format, sorted, "a file cannot be read as a whole");
        }
        if (request.OnBadRows == BadRowPolicy.Fail && sorted.Count > 0)
        {
            throw new DataImportError(request.Format, sorted, "--on-bad-rows fail");
        }
        if (records.Count == 0)
        {
            throw new DataImportError(request.Format, sorted, "no row could be imported");
        }
        // Rows that failed after their image was written cannot exist: a failed image is never written.
        var planned = SplitPlanner.Assign(records, request.Splits);
        if (request.OnBadRows == BadRowPolicy.Skip)
        {
            writer.WriteText(SkippedFile, SkippedCsv(sorted));
        }
        var dataset = writer.Commit(planned);
        return (dataset, ImportSummary.Create(request.Format, scan.RowsRead, dataset.Records, sorted));
    }

    /// <summary>Keeps the first row of each id (in file and line order) and reports the others.</summary>
    private static List<SourceRow> DropDuplicates(IReadOnlyList<SourceRow> rows, ProblemLog problems)
    {
        var first = new Dictionary<string, SourceRow>(StringComparer.Ordinal);
        var kept = new List<SourceRow>(rows.Count);
        foreach (var row in rows)
        {
            if (first.TryGetValue(row.Record.Id, out var original))
            {
                problems.Add(new DataProblem(row.File, row.Line, row.Record.Id, DataProblemKind.DuplicateId,
                    $"id '{row.Record.Id}' is already used at {original.File}:{original.Line}"));
                continue;
            }
            first[row.Record.Id] = row;
            kept.Add(row);
        }
        return kept;
    }

    private static string SkippedCsv(IReadOnlyList<DataProblem> problems)
    {
        var text = new StringBuilder("file,line,id,reason,detail\n");
        foreach (var p in problems)
        {
            text.Append(string.Join(',', new[] { p.File, p.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Id ?? "", p.Kind.Reason(), p.Detail }.Select(Quote))).Append('\n');
        }
        return text.ToString();
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
