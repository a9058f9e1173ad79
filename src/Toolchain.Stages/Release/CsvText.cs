using System.Text;

namespace Toolchain.Stages.Release;

/// <summary>
/// Writes RFC 4180 CSV: comma separated, '\n' line ends, a field quoted only when it needs to be. A field a
/// spreadsheet would run as a formula (OWASP's rule: it starts with =, +, -, @, a tab or a carriage return) gets a
/// leading apostrophe; plain numbers such as -0.5 are left as they are.
/// </summary>
public static class CsvText
{
    /// <summary>The field as a spreadsheet will show it but never execute it.</summary>
    public static string Neutralise(string field) =>
        field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsPlainNumber(field) ? "'" + field : field;

    private static bool IsPlainNumber(string field) =>
        double.TryParse(field, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
            && field.All(c => char.IsAsciiDigit(c) || c is '-' or '+' or '.' or 'e' or 'E');

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
            var field = Neutralise(fields[i]);
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
