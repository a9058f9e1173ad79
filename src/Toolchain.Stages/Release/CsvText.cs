using System.Text;

namespace Toolchain.Stages.Release;

/// <summary>Writes RFC 4180 CSV: comma separated, '\n' line ends, a field quoted only when it needs to be.</summary>
public static class CsvText
{
    public static string Render(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var sb = new StringBuilder();
        AppendRow(sb, header);
        foreach (var row in rows)
        {
            if (row.Count != header.Count)
            {
                throw new ArgumentException($"a CSV row has {row.Count} fields, the header {header.Count}", nameof(rows));
            }
            AppendRow(sb, row);
        }
        return sb.ToString();
    }

    private static void AppendRow(StringBuilder sb, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) sb.Append(',');
            var field = fields[i];
            if (field.IndexOfAny([',', '"', '\n', '\r']) >= 0 || field != field.Trim())
            {
                sb.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                sb.Append(field);
            }
        }
        sb.Append('\n');
    }
}
