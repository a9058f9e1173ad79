namespace Toolchain.Data.Importers;

/// <summary>One data row of a <see cref="CsvTable"/>, with the 1-based line it starts on.</summary>
public sealed class CsvRow
{
    private readonly IReadOnlyDictionary<string, int> columns;
    private readonly string[] cells;

    internal CsvRow(int line, IReadOnlyDictionary<string, int> columns, string[] cells)
    {
        Line = line;
        this.columns = columns;
        this.cells = cells;
    }

    public int Line { get; }

    /// <summary>Trimmed cell of a column the table was checked to have.</summary>
    public string this[string column] => cells[columns[column]].Trim();

    /// <summary>Trimmed cell of an optional column, or null when the table has no such column.</summary>
    public string? GetOptional(string column) => columns.TryGetValue(column, out var index) ? cells[index].Trim() : null;
}
