using System.Globalization;
using System.Text;
using CsvHelper;
using Toolchain.Core.Files;

namespace Toolchain.Data.Importers;

/// <summary>
/// A strictly read CSV file: UTF-8 (a BOM is allowed), a header row naming unique columns, every row with the
/// header's field count. Problems go to a <see cref="ProblemLog"/> with the file and line; rows with a problem
/// are left out of <see cref="Rows"/> but counted in <see cref="RowsRead"/>.
/// </summary>
public sealed class CsvTable
{
    private CsvTable(string displayPath, IReadOnlyList<string> header, IReadOnlyList<CsvRow> rows, int rowsRead)
    {
        DisplayPath = displayPath;
        Header = header;
        Rows = rows;
        RowsRead = rowsRead;
    }

    public string DisplayPath { get; }
    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<CsvRow> Rows { get; }

    /// <summary>Data rows in the file, including the ones left out for a problem.</summary>
    public int RowsRead { get; }

    /// <summary>Largest CSV file read (metadata of millions of images is far below it).</summary>
    public const long MaxFileBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// The header for an error message, only when it looks like a CSV header: a file that is not CSV at all
    /// (a password file given as the source) has one "column", and its first line is not echoed.
    /// </summary>
    private static string DescribeHeader(IReadOnlyList<string> header) =>
        header.Count < 2
            ? "the header row has a single column: is this a comma-separated file?"
            : "header: " + string.Join(",", header.Take(30).Select(h => h.Length > 40 ? h[..40] + "..." : h)) + (header.Count > 30 ? ",..." : "");

    public bool HasColumn(string column) => Header.Contains(column, StringComparer.Ordinal);

    /// <summary>
    /// Reads <paramref name="path"/>. Returns null after logging a file-level problem (empty file, missing
    /// required column, bad header) because no row of such a file can be trusted.
    /// </summary>
    public static CsvTable? Load(string path, string displayPath, IReadOnlyList<string> requiredColumns, ProblemLog log)
    {
        var bytes = UntrustedFile.ReadAllBytes(path, displayPath, MaxFileBytes);
        var offset = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        var body = bytes.AsSpan(offset);
        if (body.Trim("\r\n\t "u8).IsEmpty)
        {
            log.Add(new DataProblem(displayPath, 0, null, DataProblemKind.EmptyCsv, "the file is empty", FileLevel: true));
            return null;
        }

        var badLines = InvalidUtf8Lines(body);
        var malformed = new Dictionary<int, string>();
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Recover,
            FormatProvider = CultureInfo.InvariantCulture,
            OnMalformedRecord = record => malformed.TryAdd((int)record.LineNumber, record.Reason.ToString()),
        };
        using var reader = CsvReader.Create(body.ToArray(), options);

        var header = reader.Headers.Select(h => (h ?? "").Trim()).ToArray();
        if (header.Length == 0 || header.All(h => h.Length == 0))
        {
            log.Add(new DataProblem(displayPath, 0, null, DataProblemKind.EmptyCsv, "the file has no header row", FileLevel: true));
            return null;
        }
        if (badLines.Contains(1))
        {
            log.Add(new DataProblem(displayPath, 1, null, DataProblemKind.InvalidEncoding, "the header row is not valid UTF-8", FileLevel: true));
            return null;
        }

        var headerOk = true;
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            // Unnamed columns (a pandas index, as in DDI) are allowed; they are simply not addressable.
            if (header[i].Length == 0)
            {
                continue;
            }
            if (!columns.TryAdd(header[i], i))
            {
                log.Add(new DataProblem(displayPath, 1, null, DataProblemKind.MalformedCsv, $"column '{header[i]}' appears twice in the header", FileLevel: true));
                headerOk = false;
            }
        }
        var missing = requiredColumns.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            log.Add(new DataProblem(displayPath, 1, null, DataProblemKind.MissingColumn,
                $"missing column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))} ({DescribeHeader(header)})",
                FileLevel: true));
            headerOk = false;
        }

        var rows = new List<CsvRow>();
        var rowsRead = 0;
        while (reader.Read())
        {
            var line = (int)reader.LineNumber;
            var cells = reader.Current.ToArray().Select(c => c ?? "").ToArray();
            rowsRead++;
            var lineCount = Math.Max(1, reader.Current.ToString().Count(c => c == '\n') + 1);
            if (Enumerable.Range(line, lineCount).Any(badLines.Contains))
            {
                log.Add(new DataProblem(displayPath, line, null, DataProblemKind.InvalidEncoding, "the row is not valid UTF-8"));
                continue;
            }
            if (malformed.TryGetValue(line, out var reason))
            {
                log.Add(new DataProblem(displayPath, line, null, DataProblemKind.MalformedCsv, $"bad quoting ({reason})"));
                continue;
            }
            if (cells.Length != header.Length)
            {
                log.Add(new DataProblem(displayPath, line, null, DataProblemKind.MalformedCsv,
                    $"the row has {cells.Length} fields, the header has {header.Length}"));
                continue;
            }
            rows.Add(new CsvRow(line, columns, cells));
        }

        if (rowsRead == 0)
        {
            log.Add(new DataProblem(displayPath, 0, null, DataProblemKind.EmptyCsv, "the file has a header but no rows", FileLevel: true));
            return null;
        }
        return headerOk ? new CsvTable(displayPath, header, rows, rowsRead) : null;
    }

    /// <summary>1-based numbers of the lines whose bytes are not valid UTF-8.</summary>
    private static HashSet<int> InvalidUtf8Lines(ReadOnlySpan<byte> body)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var bad = new HashSet<int>();
        var line = 1;
        while (true)
        {
            var end = body.IndexOf((byte)'\n');
            var lineBytes = end < 0 ? body : body[..end];
            try
            {
                strict.GetCharCount(lineBytes);
            }
            catch (DecoderFallbackException)
            {
                bad.Add(line);
            }
            if (end < 0)
            {
                return bad;
            }
            body = body[(end + 1)..];
            line++;
        }
    }
}
